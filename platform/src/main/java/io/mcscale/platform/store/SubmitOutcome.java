package io.mcscale.platform.store;

/** What the store did with a submission: queued it, or refused it because a limit was reached. */
public enum SubmitOutcome {
    ACCEPTED, USER_QUOTA_REACHED, QUEUE_FULL
}
