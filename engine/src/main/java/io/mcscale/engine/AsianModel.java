package io.mcscale.engine;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Asian call or put on the arithmetic average of S at {@code fixings} equally spaced dates
 * t_i = i·T/n, i = 1..n ([1, 100000], default 252), plus the {@link OptionTerms}. The
 * geometric-average option, priced exactly by Kemna–Vorst, is the control variate
 * ({@code control_variate}, default true): estimate = mean(Y) − β·(mean(X) − E[X]) with β fitted
 * on the same paths. Extras: {@code plain_estimate}/{@code plain_std_error} (without the control),
 * {@code geometric_estimate}/{@code geometric_std_error} (the simulated geometric option),
 * {@code geometric_exact} (Kemna–Vorst) and {@code control_beta}.
 */
final class AsianModel extends PathModel {
    private final OptionTerms terms;
    private final int fixings;
    private final boolean controlVariate;
    private final double logSpot;
    private final double stepDrift;
    private final double stepStdDev;
    private final double discount;
    private final double geometricExact;
    /** S·S' of an antithetic pair at fixing i: exp(2(ln S + drift·i)), so the mirror path is this / S. */
    private final double[] pairProducts;
    /** Sum over fixings of ln S + ln S' for an antithetic pair, constant for every pair. */
    private final double pairLogSum;

    AsianModel(Parameters parameters) {
        this(OptionTerms.read(parameters), parameters);
    }

    private AsianModel(OptionTerms terms, Parameters parameters) {
        this(terms, parameters.integer("fixings", 252, 1, 100_000), parameters.flag("control_variate", true), parameters);
    }

    private AsianModel(OptionTerms terms, int fixings, boolean controlVariate, Parameters parameters) {
        super("asian", parameters);
        this.terms = terms;
        this.fixings = fixings;
        this.controlVariate = controlVariate;
        this.logSpot = Math.log(terms.spot());
        this.stepDrift = terms.stepDrift(fixings);
        this.stepStdDev = terms.stepStdDev(fixings);
        this.discount = terms.discount();
        this.geometricExact = ClosedForms.geometricAsian(terms.phi(), terms.spot(), terms.strike(), terms.rate(),
                terms.dividendYield(), terms.volatility(), terms.maturity(), fixings);
        this.pairProducts = new double[fixings];
        double pairLogs = 0;
        for (int i = 0; i < fixings; i++) {
            double meanLog = logSpot + stepDrift * (i + 1);
            pairProducts[i] = Math.exp(2 * meanLog);
            pairLogs += 2 * meanLog;
        }
        this.pairLogSum = pairLogs;
    }

    @Override
    int drawsPerPath() {
        return fixings;
    }

    @Override
    void simulate(UniformRandomProvider random, int count, boolean antithetic, ChunkSums sums) {
        NormalSampler normal = new NormalSampler(random);
        final double phi = terms.phi();
        final double strike = terms.strike();
        final double n = fixings;
        final double[] products = pairProducts;
        final double[] normals = new double[fixings];
        double sumY = 0;
        double sumYY = 0;
        double sumX = 0;
        double sumXX = 0;
        double sumXY = 0;
        int pairs = antithetic ? count / 2 : 0;
        for (int p = 0; p < pairs; p++) {
            double logS = logSpot;
            double sumS = 0;
            double sumMirror = 0;
            double sumLog = 0;
            normal.fill(normals, fixings);
            for (int i = 0; i < fixings; i++) {
                logS += stepDrift + stepStdDev * normals[i];
                double s = Math.exp(logS);
                sumS += s;
                sumMirror += products[i] / s;
                sumLog += logS;
            }
            double y = 0.5 * (Math.max(phi * (sumS / n - strike), 0) + Math.max(phi * (sumMirror / n - strike), 0));
            double x = 0.5 * (Math.max(phi * (Math.exp(sumLog / n) - strike), 0)
                    + Math.max(phi * (Math.exp((pairLogSum - sumLog) / n) - strike), 0));
            sumY += y;
            sumYY += y * y;
            sumX += x;
            sumXX += x * x;
            sumXY += x * y;
        }
        int singles = count - 2 * pairs;
        for (int p = 0; p < singles; p++) {
            double logS = logSpot;
            double sumS = 0;
            double sumLog = 0;
            normal.fill(normals, fixings);
            for (int i = 0; i < fixings; i++) {
                logS += stepDrift + stepStdDev * normals[i];
                sumS += Math.exp(logS);
                sumLog += logS;
            }
            double y = Math.max(phi * (sumS / n - strike), 0);
            double x = Math.max(phi * (Math.exp(sumLog / n) - strike), 0);
            sumY += y;
            sumYY += y * y;
            sumX += x;
            sumXX += x * x;
            sumXY += x * y;
        }
        double d = discount;
        sums.add(count, pairs + singles, d * sumY, d * d * sumYY, d * sumX, d * d * sumXX, d * d * sumXY);
    }

    @Override
    Estimate estimate(ChunkSums total) {
        double plain = total.meanY();
        double plainError = Estimate.stdErrorOfMean(total);
        double geometric = total.meanX();
        double geometricError = Math.sqrt(Math.max(0, total.varianceX()) / total.samples);
        double varianceX = total.varianceX();
        double beta = varianceX > 0 ? total.covarianceXY() / varianceX : 0;
        Map<String, Double> extras = Map.of(
                "plain_estimate", plain,
                "plain_std_error", plainError,
                "geometric_estimate", geometric,
                "geometric_std_error", geometricError,
                "geometric_exact", geometricExact,
                "control_beta", controlVariate ? beta : 0);
        if (!controlVariate) {
            return Estimate.ofMean(plain, plainError, extras);
        }
        double residualVariance = total.varianceY() - 2 * beta * total.covarianceXY() + beta * beta * varianceX;
        return Estimate.ofMean(plain - beta * (geometric - geometricExact),
                Math.sqrt(Math.max(0, residualVariance) / total.samples), extras);
    }
}
