package io.mcscale.platform.job;

import java.util.Locale;

/** Where a simulation is in its life: queued, then running, then one of the three final states. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** The word used in the API and in the store, e.g. {@code queued}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
