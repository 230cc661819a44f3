package io.mcscale.platform.store;

/**
 * What the store did with a submission: queued it; refused it because a limit was reached; or found an
 * earlier submission of the same user with the same idempotency key (see {@link JobStore#findByIdempotencyKey}).
 */
public enum SubmitOutcome {
    ACCEPTED, USER_QUOTA_REACHED, USER_WORK_LIMIT_REACHED, QUEUE_FULL, IDEMPOTENCY_KEY_USED
}
