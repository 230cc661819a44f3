package io.mcscale.engine;

import io.mcscale.engine.Parameters.Range;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Knock-out call or put: worth nothing once S crosses {@code barrier} (0, 1e12] at any of
 * {@code fixings} equally spaced monitoring dates ([1, 100000], default 252), otherwise the plain
 * payoff at maturity. {@code barrier_type} is up_and_out (barrier above spot) or down_and_out
 * (barrier below spot); plus the {@link OptionTerms}. Paths are followed in log space, so a step
 * costs one normal and a comparison, and stop once knocked out. Extras:
 * {@code knocked_out_fraction} and {@code continuous_bgk}, the Reiner–Rubinstein price with the
 * Broadie–Glasserman–Kou shift for discrete monitoring.
 */
final class BarrierModel extends PathModel {
    private final OptionTerms terms;
    private final boolean up;
    private final double barrier;
    private final int fixings;
    private final double logSpot;
    private final double stepDrift;
    private final double stepStdDev;
    /** +1 for up-and-out, −1 for down-and-out: a path is alive while direction·ln S < direction·ln H. */
    private final double direction;
    private final double directedLogBarrier;

    BarrierModel(Parameters parameters) {
        this(OptionTerms.read(parameters), parameters);
    }

    private BarrierModel(OptionTerms terms, Parameters parameters) {
        this(terms, parameters.choice("barrier_type", null, "up_and_out", "down_and_out").equals("up_and_out"),
                parameters.number("barrier", Range.positiveUpTo(1e12)), parameters.integer("fixings", 252, 1, 100_000),
                parameters);
    }

    private BarrierModel(OptionTerms terms, boolean up, double barrier, int fixings, Parameters parameters) {
        super("barrier", parameters);
        if (up ? barrier <= terms.spot() : barrier >= terms.spot()) {
            throw new InvalidParameterException("barrier", "must be " + (up ? "above" : "below") + " spot ("
                    + Parameters.format(terms.spot()) + ") for " + (up ? "up_and_out" : "down_and_out")
                    + ", got " + Parameters.format(barrier));
        }
        this.terms = terms;
        this.up = up;
        this.barrier = barrier;
        this.fixings = fixings;
        this.logSpot = Math.log(terms.spot());
        this.stepDrift = terms.stepDrift(fixings);
        this.stepStdDev = terms.stepStdDev(fixings);
        this.direction = up ? 1 : -1;
        this.directedLogBarrier = direction * Math.log(barrier);
    }

    @Override
    int drawsPerPath() {
        return fixings;
    }

    @Override
    void simulate(UniformRandomProvider random, int count, boolean antithetic, ChunkSums sums) {
        NormalSampler normal = new NormalSampler(random);
        double sumY = 0;
        double sumYY = 0;
        double knockedOut = 0;
        int pairs = antithetic ? count / 2 : 0;
        for (int p = 0; p < pairs; p++) {
            double logS = logSpot;
            double logMirror = logSpot;
            boolean alive = true;
            boolean mirrorAlive = true;
            for (int i = 0; i < fixings && (alive || mirrorAlive); i++) {
                double shock = stepStdDev * normal.sample();
                logS += stepDrift + shock;
                logMirror += stepDrift - shock;
                alive &= direction * logS < directedLogBarrier;
                mirrorAlive &= direction * logMirror < directedLogBarrier;
            }
            double y = 0.5 * ((alive ? payoff(logS) : 0) + (mirrorAlive ? payoff(logMirror) : 0));
            sumY += y;
            sumYY += y * y;
            knockedOut += (alive ? 0 : 0.5) + (mirrorAlive ? 0 : 0.5);
        }
        int singles = count - 2 * pairs;
        for (int p = 0; p < singles; p++) {
            double logS = logSpot;
            boolean alive = true;
            for (int i = 0; i < fixings && alive; i++) {
                logS += stepDrift + stepStdDev * normal.sample();
                alive = direction * logS < directedLogBarrier;
            }
            double y = alive ? payoff(logS) : 0;
            sumY += y;
            sumYY += y * y;
            knockedOut += alive ? 0 : 1;
        }
        double d = terms.discount();
        sums.add(count, pairs + singles, d * sumY, d * d * sumYY, knockedOut, 0, 0);
    }

    private double payoff(double logS) {
        return Math.max(terms.phi() * (Math.exp(logS) - terms.strike()), 0);
    }

    @Override
    Estimate estimate(ChunkSums total) {
        double shifted = ClosedForms.discreteBarrierShift(up, barrier, terms.volatility(), terms.maturity(), fixings);
        double continuous = ClosedForms.knockOut(terms.phi(), up, terms.spot(), terms.strike(), shifted, terms.rate(),
                terms.dividendYield(), terms.volatility(), terms.maturity());
        return Estimate.ofMean(total.meanY(), Estimate.stdErrorOfMean(total), Map.of(
                "knocked_out_fraction", total.sumX / total.samples,
                "continuous_bgk", continuous));
    }
}
