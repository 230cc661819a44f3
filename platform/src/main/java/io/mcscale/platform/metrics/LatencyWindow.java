package io.mcscale.platform.metrics;

/**
 * Request latencies over a sliding time window, e.g. the last 60 seconds.
 *
 * <p>The window is a ring of one-second buckets, like resilience4j's {@code SlidingTimeWindowMetrics}:
 * bucket {@code s % size} holds the count, the sum and a coarse histogram of the latencies recorded
 * in epoch second {@code s}. Recording into a bucket whose second has passed out of the window first
 * resets it, so the ring never needs a background task; a snapshot adds up the buckets whose second
 * is still inside the window. Memory is fixed and each operation costs O(1) in the request rate. The
 * p95 comes from the histogram's bucket bounds (about 12% apart), which is plenty for a scaling signal.
 * Time is an argument: callers pass the current epoch millisecond.
 */
public final class LatencyWindow {
    /** Upper bounds (ms) of the histogram buckets: 0.1 ms to ~100 s, each ~12% above the previous. */
    private static final double[] BOUNDS = bounds();

    private final int seconds;
    private final long[] bucketSecond;
    private final long[] counts;
    private final double[] sums;
    private final long[][] histograms;

    /** The window's figures: how many requests, their mean and 95th percentile in milliseconds. */
    public record Snapshot(long count, double meanMillis, double p95Millis) {
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

    public synchronized Snapshot snapshot(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        long count = 0;
        double sum = 0;
        long[] merged = new long[BOUNDS.length + 1];
        for (int slot = 0; slot < seconds; slot++) {
            if (bucketSecond[slot] > second - seconds && bucketSecond[slot] <= second) {
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
        long rank = (long) Math.ceil(count * 0.95);
        long seen = 0;
        double p95 = BOUNDS[BOUNDS.length - 1];
        for (int b = 0; b < merged.length; b++) {
            seen += merged[b];
            if (seen >= rank) {
                p95 = b < BOUNDS.length ? BOUNDS[b] : BOUNDS[BOUNDS.length - 1];
                break;
            }
        }
        return new Snapshot(count, sum / count, p95);
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
        double[] b = new double[120];
        double bound = 0.1;
        for (int i = 0; i < b.length; i++) {
            b[i] = bound;
            bound *= 1.125;
        }
        return b;
    }
}
