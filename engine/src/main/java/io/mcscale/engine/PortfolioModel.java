package io.mcscale.engine;

import io.mcscale.engine.Parameters.Range;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Value-at-Risk and expected shortfall of a portfolio of n assets under correlated geometric
 * Brownian motion. Parameters: {@code weights} (money held in each asset, 1 to 50 entries, each in
 * [-1e12, 1e12]; negative = short), {@code volatilities} (annual, each in (0, 5]), {@code drifts}
 * (annual expected returns, each in [-1, 1], default 0), {@code correlation} (n×n, symmetric, unit
 * diagonal, entries in [-1, 1], positive definite; optional for one asset), {@code horizon_days}
 * (trading days, 252 a year, in (0, 2520]) and {@code confidence} (in [0.5, 1), e.g. 0.99).
 *
 * <p>The loss of a path is −Σ w_i·(exp((μ_i − σ_i²/2)h + σ_i√h·(L·Z)_i) − 1) with L the Cholesky
 * factor. VaR is the empirical confidence-quantile of the losses and its 95% interval comes from
 * order statistics, so every path's loss is kept (8 bytes each; at most 20 M paths). Estimate = VaR;
 * extras: {@code var}, {@code expected_shortfall} (mean loss at or beyond VaR),
 * {@code expected_shortfall_std_error}, {@code mean_loss}.
 */
final class PortfolioModel extends PathModel {
    static final long MAX_PATHS = 20_000_000;
    private static final double TRADING_DAYS_PER_YEAR = 252;

    private final int assets;
    private final double[] weights;
    private final double[] driftFactors;
    private final double[] stdDevs;
    /** Lower-triangular Cholesky factor, row by row: row i holds entries 0..i. */
    private final double[] cholesky;
    private final double confidence;

    PortfolioModel(Parameters parameters) {
        this(Inputs.read(parameters), parameters);
    }

    private PortfolioModel(Inputs inputs, Parameters parameters) {
        super("portfolio", parameters);
        this.assets = inputs.weights.length;
        this.weights = inputs.weights;
        this.driftFactors = inputs.driftFactors;
        this.stdDevs = inputs.stdDevs;
        this.cholesky = inputs.cholesky;
        this.confidence = inputs.confidence;
    }

    /** The validated parameters turned into per-horizon terms, read before the model exists. */
    private record Inputs(double[] weights, double[] driftFactors, double[] stdDevs, double[] cholesky, double confidence) {
        static Inputs read(Parameters p) {
            double[] weights = p.list("weights", null, Range.closed(-1e12, 1e12), 50);
            int n = weights.length;
            double[] volatilities = p.list("volatilities", null, Range.positiveUpTo(5), 50);
            double[] drifts = p.list("drifts", new double[n], Range.closed(-1, 1), 50);
            requireLength("volatilities", volatilities, n);
            requireLength("drifts", drifts, n);
            double[][] correlation = p.matrix("correlation", n > 1);
            if (correlation == null) {
                correlation = new double[][] {{1}};
            }
            if (correlation.length != n) {
                throw new InvalidParameterException("correlation", "must be " + n + "x" + n + " (one row per weight), got "
                        + correlation.length + "x" + correlation.length);
            }
            double horizonYears = p.number("horizon_days", new Range(0, false, 2520, true)) / TRADING_DAYS_PER_YEAR;
            double confidence = p.number("confidence", new Range(0.5, true, 1, false));
            double[] driftFactors = new double[n];
            double[] stdDevs = new double[n];
            for (int i = 0; i < n; i++) {
                driftFactors[i] = Math.exp((drifts[i] - volatilities[i] * volatilities[i] / 2) * horizonYears);
                stdDevs[i] = volatilities[i] * Math.sqrt(horizonYears);
            }
            return new Inputs(weights, driftFactors, stdDevs, PortfolioModel.cholesky(correlation), confidence);
        }
    }

    private static void requireLength(String name, double[] list, int n) {
        if (list.length != n) {
            throw new InvalidParameterException(name, "must have one entry per weight (" + n + "), got " + list.length);
        }
    }

    /** Cholesky factor of a correlation matrix, or an error saying why it is not a valid one. */
    static double[] cholesky(double[][] c) {
        int n = c.length;
        for (int i = 0; i < n; i++) {
            if (c[i][i] != 1) {
                throw new InvalidParameterException("correlation", "diagonal entry " + (i + 1) + " must be 1, got " + c[i][i]);
            }
            for (int j = 0; j < n; j++) {
                if (!(Math.abs(c[i][j]) <= 1) || c[i][j] != c[j][i]) {
                    throw new InvalidParameterException("correlation", "must be symmetric with entries in [-1, 1]; entry ("
                            + (i + 1) + "," + (j + 1) + ") is " + c[i][j] + " and (" + (j + 1) + "," + (i + 1) + ") is " + c[j][i]);
                }
            }
        }
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = c[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 1e-12)) {
                        throw new InvalidParameterException("correlation", "is not positive definite (the Cholesky factorisation"
                                + " fails at row " + (i + 1) + "); check that the correlations are mutually consistent");
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] packed = new double[n * (n + 1) / 2];
        int index = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                packed[index++] = l[i][j];
            }
        }
        return packed;
    }

    @Override
    int drawsPerPath() {
        return assets + cholesky.length / 2;
    }

    @Override
    boolean keepsPathValues() {
        return true;
    }

    @Override
    public void checkPaths(long paths) {
        if (paths > MAX_PATHS) {
            throw new InvalidParameterException("paths", "must be at most " + MAX_PATHS
                    + " for portfolio (every loss is kept to find the quantile), got " + paths);
        }
        long needed = (long) Math.ceil(10 / (1 - confidence));
        if (paths < needed) {
            throw new InvalidParameterException("paths", "must be at least " + needed + " for confidence " + confidence
                    + " (10 paths beyond the VaR), got " + paths);
        }
    }

    @Override
    void simulate(UniformRandomProvider random, int count, boolean antithetic, ChunkSums sums) {
        NormalSampler normal = new NormalSampler(random);
        double[] z = new double[assets];
        double[] losses = sums.kept;
        int pairs = antithetic ? count / 2 : 0;
        int singles = count - 2 * pairs;
        int next = 0;
        double sum = 0;
        for (int p = 0; p < pairs + singles; p++) {
            normal.fill(z, assets);
            double loss = 0;
            double mirrorLoss = 0;
            int row = 0;
            for (int i = 0; i < assets; i++) {
                double shock = 0;
                for (int k = 0; k <= i; k++) {
                    shock += cholesky[row + k] * z[k];
                }
                row += i + 1;
                double growth = Math.exp(stdDevs[i] * shock);
                double drift = driftFactors[i];
                loss -= weights[i] * (drift * growth - 1);
                mirrorLoss -= weights[i] * (drift / growth - 1);
            }
            losses[next++] = loss;
            sum += loss;
            if (p < pairs) {
                losses[next++] = mirrorLoss;
                sum += mirrorLoss;
            }
        }
        sums.keptCount = next;
        sums.add(count, count, sum, 0, 0, 0, 0);
    }

    @Override
    Estimate estimate(ChunkSums total) {
        double[] losses = Arrays.copyOf(total.kept, total.keptCount);
        Arrays.sort(losses);
        int n = losses.length;
        int varIndex = clamp((long) Math.ceil(confidence * n) - 1, n);
        double var = losses[varIndex];
        // Distribution-free 95% interval of the quantile: the order statistics n·c ± 1.96·sqrt(n·c·(1−c)).
        double spread = 1.96 * Math.sqrt(n * confidence * (1 - confidence));
        double low = losses[clamp((long) Math.floor(n * confidence - spread) - 1, n)];
        double high = losses[clamp((long) Math.ceil(n * confidence + spread) - 1, n)];
        double tailSum = 0;
        double tailSquares = 0;
        int tail = n - varIndex;
        for (int i = varIndex; i < n; i++) {
            tailSum += losses[i];
            tailSquares += losses[i] * losses[i];
        }
        double shortfall = tailSum / tail;
        double tailVariance = tail > 1 ? Math.max(0, (tailSquares - tailSum * shortfall) / (tail - 1)) : 0;
        return new Estimate(var, (high - low) / (2 * 1.96), low, high, Map.of(
                "var", var,
                "expected_shortfall", shortfall,
                "expected_shortfall_std_error", Math.sqrt(tailVariance / tail),
                "mean_loss", total.sumY / n));
    }

    private static int clamp(long index, int n) {
        return (int) Math.max(0, Math.min(n - 1, index));
    }
}
