package io.mcscale.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void shouldAverageTheRequestsOfTheLastSixtySeconds() {
        var window = new LatencyWindow(60);
        window.record(T0, 10);
        window.record(T0 + 30_000, 30);

        assertThat(window.snapshot(T0 + 30_000).meanMillis()).isEqualTo(20);
        assertThat(window.snapshot(T0 + 30_000).count()).isEqualTo(2);
    }

    @Test
    void shouldForgetRequestsOlderThanTheWindow() {
        var window = new LatencyWindow(60);
        window.record(T0, 1000);
        window.record(T0 + 59_000, 10);

        assertThat(window.snapshot(T0 + 59_999).count()).isEqualTo(2);
        assertThat(window.snapshot(T0 + 60_000).meanMillis()).isEqualTo(10);
        assertThat(window.snapshot(T0 + 200_000).count()).isZero();
    }

    @Test
    void shouldReuseABucketOnceItsSecondHasLeftTheWindow() {
        var window = new LatencyWindow(60);
        window.record(T0, 1000);
        window.record(T0 + 60_000, 10); // the same slot of the ring, a minute later

        assertThat(window.snapshot(T0 + 60_000).count()).isEqualTo(1);
        assertThat(window.snapshot(T0 + 60_000).meanMillis()).isEqualTo(10);
    }

    @Test
    void shouldEstimateTheNinetyFifthPercentileWithinTheBucketResolution() {
        var window = new LatencyWindow(60);
        for (int i = 1; i <= 100; i++) {
            window.record(T0 + i * 10, i);
        }

        assertThat(window.snapshot(T0 + 1000).p95Millis()).isCloseTo(95, within(95 * 0.13));
    }
}
