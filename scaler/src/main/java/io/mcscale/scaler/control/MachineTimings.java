package io.mcscale.scaler.control;

import java.time.Duration;

/**
 * How long a machine may take over each step of its life before the loop acts, and how it backs
 * off: {@code START_TIMEOUT_SECONDS}, {@code STOP_TIMEOUT_SECONDS}, {@code DRAIN_TIMEOUT_SECONDS}.
 *
 * @param retryBackoff the first wait before retrying a failed start; it doubles per failure
 */
public record MachineTimings(Duration startTimeout, Duration stopTimeout, Duration drainTimeout, Duration retryBackoff) {

    /** The backoff after {@code failures} failures in a row: doubling from {@link #retryBackoff}, at most 10 minutes. */
    public Duration backoffAfter(int failures) {
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 10);
        Duration backoff = retryBackoff.multipliedBy(factor);
        return backoff.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : backoff;
    }
}
