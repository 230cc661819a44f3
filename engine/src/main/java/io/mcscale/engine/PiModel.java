package io.mcscale.engine;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Estimates pi as 4 × the fraction of uniform points in the unit square that fall inside the
 * quarter circle: a smoke test for the platform. Takes no parameters. An antithetic pair is
 * (x, y) and (1 − x, 1 − y).
 */
final class PiModel extends PathModel {
    PiModel(Parameters parameters) {
        super("pi", parameters);
    }

    @Override
    int drawsPerPath() {
        return 2;
    }

    @Override
    void simulate(UniformRandomProvider random, int count, boolean antithetic, ChunkSums sums) {
        double sum = 0;
        double sumSquares = 0;
        int pairs = antithetic ? count / 2 : 0;
        for (int p = 0; p < pairs; p++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            double a = x * x + y * y <= 1 ? 4 : 0;
            double b = (1 - x) * (1 - x) + (1 - y) * (1 - y) <= 1 ? 4 : 0;
            double sample = 0.5 * (a + b);
            sum += sample;
            sumSquares += sample * sample;
        }
        int singles = count - 2 * pairs;
        for (int p = 0; p < singles; p++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            double sample = x * x + y * y <= 1 ? 4 : 0;
            sum += sample;
            sumSquares += sample * sample;
        }
        sums.add(count, pairs + singles, sum, sumSquares, 0, 0, 0);
    }

    @Override
    Estimate estimate(ChunkSums total) {
        return Estimate.ofMean(total.meanY(), Estimate.stdErrorOfMean(total), Map.of());
    }
}
