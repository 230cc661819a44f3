package io.mcscale.engine;

import java.util.Map;

/** What a model concludes from the merged sums: the estimate, its standard error, a 95% interval and model-specific fields. */
record Estimate(double value, double stdError, double ci95Low, double ci95High, Map<String, Double> extras) {
    /** The usual interval for a mean: value ± 1.96 standard errors. */
    static Estimate ofMean(double value, double stdError, Map<String, Double> extras) {
        return new Estimate(value, stdError, value - 1.96 * stdError, value + 1.96 * stdError, extras);
    }

    /** Standard error of a mean of {@code sums.samples} samples of y. */
    static double stdErrorOfMean(ChunkSums sums) {
        return Math.sqrt(Math.max(0, sums.varianceY()) / sums.samples);
    }
}
