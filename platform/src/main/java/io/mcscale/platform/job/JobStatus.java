package io.mcscale.platform.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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

    /** The one answer to "is this simulation done?": the store, the API and the load generator all ask it. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Whether an API answer's {@code status} word is a final state; false for a word this version does not know. */
    public static boolean isFinalWord(String word) {
        return Arrays.stream(values()).anyMatch(status -> status.isFinal() && status.word().equals(word));
    }

    /** The states that are not final, as an SQL list of their words: {@code ('queued', 'running')}. */
    public static String unfinishedSqlList() {
        return Arrays.stream(values()).filter(status -> !status.isFinal())
                .map(status -> "'" + status.word() + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}
