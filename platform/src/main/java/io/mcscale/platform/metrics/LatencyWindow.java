package io.mcscale.platform.metrics;

/**
 * Durations over a sliding time window, e.g. request latencies or simulations' waits over the last 60 seconds.
 *
 * <p>The window is a ring of one-second buckets, like resilience4j's {@code SlidingTimeWindowMetrics}:
 * bucket {@code s % size} holds the count, the sum and a coarse histogram of the latencies recorded
 * in epoch second {@code s}. Recording into a bucket whose second has passed out of the window first
 * resets it, so the ring never needs a background task; a snapshot adds up the buckets whose second
 * is still inside the window. Memory is fixed and each operation costs O(1) in the request rate. The
 * p95 comes from the histogram's bucket bounds (about 12% apart), which is plenty for a scaling signal.
 * A snapshot can count values kept elsewhere too ({@link Extra}); the p95 is found from the top, so of
 * those it needs only the largest few. Time is an argument: callers pass the current epoch millisecond.
 */
public final class LatencyWindow {
    /** Upper bounds (ms) of the histogram buckets: 0.1 ms to ~40 hours (a stuck queue's wait), each ~12% above the previous. */
    private static final double[] BOUNDS = bounds();

    private final int seconds;
    private final long[] bucketSecond;
    private final long[] counts;
    private final double[] sums;
    private final long[][] histograms;

    /** The window's figures: how many requests, their mean and 95th percentile in milliseconds. */
    public record Snapshot(long count, double meanMillis, double p95Millis) {
    }

    /**
     * Values kept elsewhere, counted with the window's in {@link #snapshot(long, Extra)}: how many, their sum, and at
     * least the {@link #largestNeeded} largest of them, in any order (the p95 reads only the largest values).
     */
    public record Extra(long count, double sumMillis, double[] largestMillis) {
        public static final Extra NONE = new Extra(0, 0, new double[0]);
    }

    /** How many of the largest values the p95 of {@code total} values depends on: those ranked above the 95th percentile, and it. */
    public static int largestNeeded(long total) {
        return (int) Math.min(Integer.MAX_VALUE, total - (long) Math.ceil(total * 0.95) + 1);
    }

    public LatencyWindow(int seconds) {
        this.seconds = seconds;
        this.bucketSecond = new long[seconds];
        this.counts = new long[seconds];
        this.sums = new double[seconds];
        this.histograms = new long[seconds][BOUNDS.length + 1];
        java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    public synchronized void record(long nowMillis, double latencyMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        int slot = (int) Math.floorMod(second, seconds);
        if (bucketSecond[slot] != second) {
            bucketSecond[slot] = second;
            counts[slot] = 0;
            sums[slot] = 0;
            java.util.Arrays.fill(histograms[slot], 0);
        }
        counts[slot]++;
        sums[slot] += latencyMillis;
        histograms[slot][bucketOf(latencyMillis)]++;
    }

    /** How many values the window holds at {@code nowMillis}. */
    public synchronized long count(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        long count = 0;
        for (int slot = 0; slot < seconds; slot++) {
            if (inWindow(slot, second)) {
                count += counts[slot];
            }
        }
        return count;
    }

    public Snapshot snapshot(long nowMillis) {
        return snapshot(nowMillis, Extra.NONE);
    }

    /** The window's values and {@code extra} together. */
    public synchronized Snapshot snapshot(long nowMillis, Extra extra) {
        long second = Math.floorDiv(nowMillis, 1000);
        long count = extra.count();
        double sum = extra.sumMillis();
        long[] merged = new long[BOUNDS.length + 1];
        for (double value : extra.largestMillis()) {
            merged[bucketOf(value)]++;
        }
        for (int slot = 0; slot < seconds; slot++) {
            if (inWindow(slot, second)) {
                count += counts[slot];
                sum += sums[slot];
                for (int b = 0; b < merged.length; b++) {
                    merged[b] += histograms[slot][b];
                }
            }
        }
        if (count == 0) {
            return new Snapshot(0, 0, 0);
        }
        // From the top: the p95 is the value with (count - rank) values above it.
        long needed = largestNeeded(count);
        long seen = 0;
        double p95 = BOUNDS[0];
        for (int b = merged.length - 1; b >= 0; b--) {
            seen += merged[b];
            if (seen >= needed) {
                p95 = BOUNDS[Math.min(b, BOUNDS.length - 1)];
                break;
            }
        }
        return new Snapshot(count, sum / count, p95);
    }

    private boolean inWindow(int slot, long second) {
        return bucketSecond[slot] > second - seconds && bucketSecond[slot] <= second;
    }

    private static int bucketOf(double millis) {
        int low = 0;
        int high = BOUNDS.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (BOUNDS[mid] < millis) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static double[] bounds() {
        double[] b = new double[180];
        double bound = 0.1;
        for (int i = 0; i < b.length; i++) {
            b[i] = bound;
            bound *= 1.125;
        }
        return b;
    }
}
