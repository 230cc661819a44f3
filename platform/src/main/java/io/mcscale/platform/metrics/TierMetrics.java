package io.mcscale.platform.metrics;

import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.store.JobStore;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The per-tier figures of {@code /api/metrics}. A wait is the time from submit to start, over two sets: the simulations
 * this instance started in the last 60 s (kept here as they start: a {@link LatencyWindow} per tier, so a poll never
 * reads them back from the store), and the simulations still queued that were submitted through this instance, at their
 * current age (so a stuck queue shows a growing wait). Each start is counted by the instance that made it and each
 * queued simulation by the one it came through, so, like the six keys, nothing counts twice across instances.
 *
 * <p>A poll costs one grouped count of the queue and, per tier with a queue, one read of its oldest few simulations:
 * the p95 needs only the largest 5 % of the waits, and the mean comes from the sum of the submission times.
 */
final class TierMetrics {
    /** Starts recorded between reading a window's count and its snapshot would need more of the oldest; a few spare cover them. */
    private static final int SPARE_OLDEST = 16;

    private final Map<Tier, LatencyWindow> startedWaits = new EnumMap<>(Tier.class);

    TierMetrics() {
        for (Tier tier : Tier.values()) {
            startedWaits.put(tier, new LatencyWindow(60));
        }
    }

    /** A simulation this instance claimed: its wait counts for 60 s from its start. */
    void started(Job job) {
        long start = job.startedAt().toEpochMilli();
        // Submit and start may be stamped by two machines whose clocks differ a little: a wait is never negative.
        long wait = Math.max(0, start - job.submittedAt().toEpochMilli());
        startedWaits.get(job.tier()).record(start, wait);
    }

    /** Every tier's figures at {@code now}, with the active users already counted per tier. */
    Map<Tier, TierFigures> figures(JobStore store, String instanceId, Instant now, Map<Tier, Long> activeUsers) {
        long nowMillis = now.toEpochMilli();
        Map<Tier, JobStore.QueuedTier> queued = store.queuedSubmittedViaByTier(instanceId);
        Map<Tier, TierFigures> figures = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            LatencyWindow started = startedWaits.get(tier);
            JobStore.QueuedTier queue = queued.get(tier);
            double[] oldestAges = new double[0];
            if (queue.count() > 0) {
                long needed = LatencyWindow.largestNeeded(started.count(nowMillis) + queue.count()) + SPARE_OLDEST;
                long[] oldest = store.oldestQueuedSubmittedVia(instanceId, tier, (int) Math.min(needed, queue.count()));
                oldestAges = new double[oldest.length];
                for (int i = 0; i < oldest.length; i++) {
                    oldestAges[i] = Math.max(0, nowMillis - oldest[i]);
                }
            }
            long queuedAgeSum = Math.max(0, queue.count() * nowMillis - queue.submittedAtSumMillis());
            LatencyWindow.Snapshot waits = started.snapshot(nowMillis, new LatencyWindow.Extra(queue.count(), queuedAgeSum, oldestAges));
            figures.put(tier, new TierFigures(activeUsers.getOrDefault(tier, 0L), queue.count(), waits.meanMillis() / 1000,
                    waits.p95Millis() / 1000));
        }
        return figures;
    }
}
