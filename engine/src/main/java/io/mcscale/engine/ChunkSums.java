package io.mcscale.engine;

/**
 * Partial sums of one chunk of paths, and of a whole run once the chunks are merged in chunk
 * order. {@code y} is the quantity estimated (e.g. the discounted payoff), {@code x} a second
 * per-sample quantity a model may track (a control variate, a knock-out indicator). With
 * antithetic variates a sample is the average of a pair of paths, so {@code samples} can be half
 * of {@code paths}. Models that need every path's value (quantiles) keep them in {@code kept}.
 */
final class ChunkSums {
    long paths;
    long samples;
    double sumY;
    double sumYY;
    double sumX;
    double sumXX;
    double sumXY;
    double[] kept;
    int keptCount;

    ChunkSums(int keepCapacity) {
        kept = keepCapacity > 0 ? new double[keepCapacity] : null;
    }

    void add(long addedPaths, long addedSamples, double y, double yy, double x, double xx, double xy) {
        paths += addedPaths;
        samples += addedSamples;
        sumY += y;
        sumYY += yy;
        sumX += x;
        sumXX += xx;
        sumXY += xy;
    }

    /** Adds a later chunk; called in chunk order so the floating-point sums are the same for any thread count. */
    void merge(ChunkSums chunk) {
        add(chunk.paths, chunk.samples, chunk.sumY, chunk.sumYY, chunk.sumX, chunk.sumXX, chunk.sumXY);
        if (chunk.kept != null) {
            System.arraycopy(chunk.kept, 0, kept, keptCount, chunk.keptCount);
            keptCount += chunk.keptCount;
        }
    }

    double meanY() {
        return sumY / samples;
    }

    double meanX() {
        return sumX / samples;
    }

    /** Unbiased sample variance of y. */
    double varianceY() {
        return covariance(sumY, sumY, sumYY);
    }

    double varianceX() {
        return covariance(sumX, sumX, sumXX);
    }

    double covarianceXY() {
        return covariance(sumX, sumY, sumXY);
    }

    private double covariance(double sumA, double sumB, double sumAB) {
        if (samples < 2) {
            return 0;
        }
        return Math.max(-Double.MAX_VALUE, (sumAB - sumA * sumB / samples) / (samples - 1));
    }
}
