package io.mcscale.scaler.control;

import java.time.Duration;

/**
 * How long a machine may take over each step of its life before the loop acts, and how it backs
 * off: {@code START_TIMEOUT_SECONDS}, {@code STOP_TIMEOUT_SECONDS}, {@code DRAIN_TIMEOUT_SECONDS},
 * {@code START_OFF_TIMEOUT_SECONDS}.
 *
 * @param retryBackoff    the first wait before retrying a failed start; it doubles per failure
 * @param startOffTimeout how long a started machine may still read {@code off} (no host found yet) before the
 *                        start counts as out of capacity and the scale-up moves on to the next candidate
 */
public record MachineTimings(Duration startTimeout, Duration stopTimeout, Duration drainTimeout, Duration retryBackoff,
        Duration startOffTimeout) {
    /** The default START_OFF_TIMEOUT_SECONDS. */
    public static final Duration DEFAULT_START_OFF_TIMEOUT = Duration.ofSeconds(120);

    public MachineTimings(Duration startTimeout, Duration stopTimeout, Duration drainTimeout, Duration retryBackoff) {
        this(startTimeout, stopTimeout, drainTimeout, retryBackoff, DEFAULT_START_OFF_TIMEOUT);
    }

    /** The backoff after {@code failures} failures in a row: doubling from {@link #retryBackoff}, at most 10 minutes. */
    public Duration backoffAfter(int failures) {
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 10);
        Duration backoff = retryBackoff.multipliedBy(factor);
        return backoff.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : backoff;
    }
}
