package io.mcscale.engine;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * European call or put under geometric Brownian motion. Only the terminal value matters, so each
 * path is one normal draw: S_T = S·exp((r − q − σ²/2)T + σ√T·Z). An antithetic pair shares Z and
 * needs one exp: exp(−σ√T·Z) = 1/exp(σ√T·Z). Extra: {@code black_scholes}, the closed form.
 */
final class EuropeanModel extends PathModel {
    /** Normals drawn per call to the sampler: small enough to stay in L1 cache. */
    private static final int BLOCK = 1024;
    private final OptionTerms terms;
    private final double forwardDrifted;
    private final double stdDev;
    private final double discount;

    EuropeanModel(Parameters parameters) {
        this(OptionTerms.read(parameters), parameters);
    }

    private EuropeanModel(OptionTerms terms, Parameters parameters) {
        super("european", parameters);
        this.terms = terms;
        this.forwardDrifted = terms.spot() * Math.exp(terms.logDrift() * terms.maturity());
        this.stdDev = terms.volatility() * Math.sqrt(terms.maturity());
        this.discount = terms.discount();
    }

    @Override
    int drawsPerPath() {
        return 1;
    }

    @Override
    void simulate(UniformRandomProvider random, int count, boolean antithetic, ChunkSums sums) {
        NormalSampler normal = new NormalSampler(random);
        double phi = terms.phi();
        double strike = terms.strike();
        double[] normals = new double[Math.min(BLOCK, count)];
        double sum = 0;
        double sumSquares = 0;
        int pairs = antithetic ? count / 2 : 0;
        for (int done = 0; done < pairs; done += BLOCK) {
            int block = Math.min(BLOCK, pairs - done);
            normal.fill(normals, block);
            for (int i = 0; i < block; i++) {
                double growth = Math.exp(stdDev * normals[i]);
                double up = Math.max(phi * (forwardDrifted * growth - strike), 0);
                double down = Math.max(phi * (forwardDrifted / growth - strike), 0);
                double payoff = 0.5 * (up + down);
                sum += payoff;
                sumSquares += payoff * payoff;
            }
        }
        int singles = count - 2 * pairs;
        for (int done = 0; done < singles; done += BLOCK) {
            int block = Math.min(BLOCK, singles - done);
            normal.fill(normals, block);
            for (int i = 0; i < block; i++) {
                double payoff = Math.max(phi * (forwardDrifted * Math.exp(stdDev * normals[i]) - strike), 0);
                sum += payoff;
                sumSquares += payoff * payoff;
            }
        }
        sums.add(count, pairs + singles, discount * sum, discount * discount * sumSquares, 0, 0, 0);
    }

    @Override
    Estimate estimate(ChunkSums total) {
        return Estimate.ofMean(total.meanY(), Estimate.stdErrorOfMean(total), Map.of("black_scholes",
                ClosedForms.blackScholes(terms.phi(), terms.spot(), terms.strike(), terms.rate(),
                        terms.dividendYield(), terms.volatility(), terms.maturity())));
    }
}
