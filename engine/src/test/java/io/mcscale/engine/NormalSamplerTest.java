package io.mcscale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalSamplerTest {
    @Test
    void drawsFollowTheStandardNormalInEveryBinAndTheTails() {
        NormalSampler normal = new NormalSampler(new RandomStreams(3).next());
        int draws = 2_000_000;
        double[] edges = {-4, -3.5, -3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4};
        long[] counts = new long[edges.length + 1];
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < draws; i++) {
            double z = normal.sample();
            sum += z;
            sumSquares += z * z;
            int bin = 0;
            while (bin < edges.length && z >= edges[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        for (int bin = 0; bin < counts.length; bin++) {
            double low = bin == 0 ? 0 : Normal.cdf(edges[bin - 1]);
            double high = bin == edges.length ? 1 : Normal.cdf(edges[bin]);
            double expected = draws * (high - low);
            assertThat(Math.abs(counts[bin] - expected)).as("bin %d: %d draws, expected %.1f", bin, counts[bin], expected)
                    .isLessThanOrEqualTo(5 * Math.sqrt(expected) + 1);
        }
        assertThat(Math.abs(sum / draws)).isLessThan(5 / Math.sqrt(draws));
        assertThat(Math.abs(sumSquares / draws - 1)).isLessThan(5 * Math.sqrt(2.0 / draws));
    }
}
