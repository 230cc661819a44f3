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

    @Test
    void shouldCountValuesKeptElsewhereNeedingOnlyTheLargestOfThemForTheP95() {
        var window = new LatencyWindow(60);
        for (int i = 1; i <= 50; i++) {
            window.record(T0, i);
        }
        // 50 more, 51..100 ms, given as their count, their sum and only the largest few the p95 needs.
        int needed = LatencyWindow.largestNeeded(100);
        double[] largest = new double[needed];
        for (int i = 0; i < needed; i++) {
            largest[i] = 100 - i;
        }

        LatencyWindow.Snapshot both = window.snapshot(T0, new LatencyWindow.Extra(50, 3775, largest));

        assertThat(needed).isEqualTo(6);
        assertThat(both.count()).isEqualTo(100);
        assertThat(both.meanMillis()).isEqualTo(50.5);
        assertThat(both.p95Millis()).isCloseTo(95, within(95 * 0.13));
    }

    @Test
    void shouldReportWaitsOfHoursNotCappedAtAMinute() {
        var window = new LatencyWindow(60);
        window.record(T0, 3 * 3_600_000.0);

        assertThat(window.snapshot(T0).p95Millis()).isCloseTo(3 * 3_600_000.0, within(3 * 3_600_000.0 * 0.13));
    }
}
