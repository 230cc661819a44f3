package io.mcscale.scaler.provider.paperspace;

import java.time.Duration;

/**
 * How often and how patiently a failed call is tried again: exponential backoff with jitter,
 * bounded by {@code maxAttempts}. A server's {@code Retry-After} wins over the backoff when it
 * asks for longer, up to {@code maxRetryAfter}; a server asking for more than that is not waited
 * for, because a caller blocked for many minutes is worse than a clear failure.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(120));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /**
     * The wait before retry number {@code retry} (1 = the first retry). {@code jitter} in [0, 1)
     * spreads clients apart: the backoff is scaled into [50%, 100%) of its exponential value.
     */
    public Duration delayBefore(int retry, Duration retryAfter, double jitter) {
        long exponential = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(exponential, maxBackoff.toMillis());
        Duration backoff = Duration.ofMillis((long) (capped * (0.5 + jitter / 2)));
        if (retryAfter != null && retryAfter.compareTo(backoff) > 0) {
            return retryAfter;
        }
        return backoff;
    }

    /** True when a server's Retry-After asks for a wait we will honour. */
    public boolean willWait(Duration retryAfter) {
        return retryAfter == null || retryAfter.compareTo(maxRetryAfter) <= 0;
    }
}
