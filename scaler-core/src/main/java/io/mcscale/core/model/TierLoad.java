package io.mcscale.core.model;

/**
 * One tier's share of the load, as one instance reports it in {@code tiers} or as the group adds
 * it up (see {@link TierMetrics#aggregate}). A wait is the time from a simulation's submission to
 * its start, over the simulations started in the last 60 s plus the age of those still queued.
 *
 * @param activeUsers      the tier's active users that the reporting instances own
 * @param queueLength      the tier's simulations waiting to start that the reporting instances own
 * @param avgWaitSeconds   the tier's mean wait: what a tier's "response" rule compares
 * @param waitP95Seconds   the tier's 95th-percentile wait
 */
public record TierLoad(int activeUsers, int queueLength, double avgWaitSeconds, double waitP95Seconds) {
    public static final TierLoad IDLE = new TierLoad(0, 0, 0, 0);

    public TierLoad {
        if (activeUsers < 0 || queueLength < 0) {
            throw new IllegalArgumentException("a tier's active users and queue length must be >= 0");
        }
        if (!(avgWaitSeconds >= 0) || !(waitP95Seconds >= 0) || Double.isInfinite(avgWaitSeconds)
                || Double.isInfinite(waitP95Seconds)) {
            throw new IllegalArgumentException("a tier's waits must be numbers of seconds >= 0");
        }
    }
}
