package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An always-on group with Poisson arrivals, exponential work and one user (so the claim order is
 * first come, first served) is an M/M/c queue with c = instances x workers, whose waits Erlang C
 * gives exactly: P(wait > 0) = C, mean wait = C / (c mu - lambda), P(wait > t) = C e^-(c mu - lambda) t.
 * The simulation must agree within the sampling error: independent replications from different
 * seeds give the standard error, and the tolerance is four of them.
 */
class ErlangCTest {
    private static final int REPLICATIONS = 10;
    private static final int SIMULATIONS_EACH = 20_000;
    private static final double MEAN_WORK = 60;

    record Case(int instances, int workers, double load, double slowAfter) {
    }

    @ParameterizedTest(name = "{0} instances x {1} workers at load {2}, P(wait > {3} s)")
    @CsvSource({"2, 4, 0.8, 30", "1, 2, 0.6, 10", "3, 8, 0.9, 20"})
    void shouldMatchErlangCForMeanWaitAndTheTail(int instances, int workers, double load, double slowAfter) {
        int c = instances * workers;
        double mu = 1 / MEAN_WORK;
        double lambda = load * c * mu;
        double[] means = new double[REPLICATIONS];
        double[] tails = new double[REPLICATIONS];
        for (int r = 0; r < REPLICATIONS; r++) {
            Demand demand = Demands.poisson(1000 + r, SIMULATIONS_EACH, lambda, MEAN_WORK);
            GroupShape shape = new GroupShape(workers, 0, 30, 300, 0.51, slowAfter);
            PlanOutcome outcome = new GroupSimulation(demand, shape).alwaysOn("always-on", instances, null);
            means[r] = outcome.meanWaitSeconds();
            tails[r] = outcome.slowFraction();
        }
        double erlangC = erlangC(c, lambda / mu);
        double expectedMean = erlangC / (c * mu - lambda);
        double expectedTail = erlangC * Math.exp(-(c * mu - lambda) * slowAfter);

        assertThat(mean(means)).isCloseTo(expectedMean, within(4 * standardError(means)));
        assertThat(mean(tails)).isCloseTo(expectedTail, within(4 * standardError(tails)));
    }

    @Test
    void erlangCShouldMatchATextbookValue() {
        // 2 servers offered 1 erlang: C = (1/2 * 2) / (1 + 1 + 1) = 1/3.
        assertThat(erlangC(2, 1)).isCloseTo(1.0 / 3, within(1e-12));
    }

    /** The probability that an arrival waits, for c servers offered a = lambda / mu erlangs. */
    static double erlangC(int c, double a) {
        double term = 1;
        double sum = 0;
        for (int k = 0; k < c; k++) {
            sum += term;
            term *= a / (k + 1);
        }
        double last = term * c / (c - a);
        return last / (sum + last);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double standardError(double[] values) {
        double m = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - m) * (v - m);
        }
        return Math.sqrt(squares / (values.length - 1) / values.length);
    }
}
