package io.mcscale.scaler.control;

import java.time.Duration;

/**
 * How long the control loop waits for each step, and how it backs off. Every wait has a
 * timeout: {@code START_TIMEOUT_SECONDS}, {@code STOP_TIMEOUT_SECONDS}, {@code DRAIN_TIMEOUT_SECONDS}.
 *
 * @param healthFailuresForFailover failed health checks in a row of the primary before failover;
 *                                  the same count of failed reads of any instance is a health event
 * @param retryBackoff              the first wait before retrying a failed start or stop; it doubles per failure
 * @param dryRun                    log every decision, call no provider start/stop, no balancer and no drain
 */
public record ControlTimings(
        Duration startTimeout,
        Duration stopTimeout,
        Duration drainTimeout,
        int healthFailuresForFailover,
        Duration retryBackoff,
        boolean dryRun) {

    public ControlTimings {
        if (healthFailuresForFailover < 1) {
            throw new IllegalArgumentException("HEALTH_FAILURES_FOR_FAILOVER must be >= 1, got " + healthFailuresForFailover);
        }
    }

    /** The backoff after {@code failures} failures in a row: doubling from {@link #retryBackoff}, at most 10 minutes. */
    public Duration backoffAfter(int failures) {
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 10);
        Duration backoff = retryBackoff.multipliedBy(factor);
        return backoff.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : backoff;
    }
}
