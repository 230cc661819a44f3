package io.mcscale.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CostEstimateTest {

    record Case(
            String name,
            // usage pattern
            double rate, double lowHours, double peakHours,
            // the month and the alternative
            double hoursPerMonth, double a100Rate,
            // expected result
            double total, double dual, double a100, double savingsVsDualPercent) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> guideTable() {
        return Stream.of(
                // The guide's own table and comparison: 720 h month, $734 dual, $1,656 A100, "up to 40%" savings.
                new Case("guide's table with its 720 h month", 0.51, 500, 200, 720, 2.30, 459.00, 734.40, 1656.00, 37.50),
                // Same usage over the average 730 h month: the alternatives get dearer, the total does not.
                new Case("guide's usage over a 730 h month", 0.51, 500, 200, 730, 2.30, 459.00, 744.60, 1679.00, 38.36),
                new Case("primary only, all month", 0.51, 730, 0, 730, 2.30, 372.30, 744.60, 1679.00, 50.00),
                new Case("both machines all month", 0.51, 0, 730, 730, 2.30, 744.60, 744.60, 1679.00, 0.00));
    }

    @ParameterizedTest
    @MethodSource("guideTable")
    void shouldReproduceTheGuidesCostTable(Case c) {
        var estimate = new CostEstimate(c.rate, c.lowHours, c.peakHours, c.hoursPerMonth, c.a100Rate);

        assertThat(estimate.monthlyTotalUsd()).isCloseTo(c.total, within(0.005));
        assertThat(estimate.alwaysOnDualUsd()).isCloseTo(c.dual, within(0.005));
        assertThat(estimate.singleA100Usd()).isCloseTo(c.a100, within(0.005));
        assertThat(estimate.savingsVsDualPercent()).isCloseTo(c.savingsVsDualPercent, within(0.005));
    }

    @ParameterizedTest
    @MethodSource("guideTable")
    void shouldSplitTheTotalIntoOneMachineLowHoursAndTwoMachinePeakHours(Case c) {
        var estimate = new CostEstimate(c.rate, c.lowHours, c.peakHours, c.hoursPerMonth, c.a100Rate);

        assertThat(estimate.lowUsageUsd()).isCloseTo(c.lowHours * c.rate, within(1e-9));
        assertThat(estimate.peakUsageUsd()).isCloseTo(c.peakHours * 2 * c.rate, within(1e-9));
    }

    @org.junit.jupiter.api.Test
    void shouldShowTheGuidesLowAndPeakLines() {
        var guide = new CostEstimate(0.51, 500, 200, 720, 2.30);

        assertThat(guide.lowUsageUsd()).isCloseTo(255.00, within(0.005));
        assertThat(guide.peakUsageUsd()).isCloseTo(204.00, within(0.005));
        assertThat(guide.uncoveredHours()).isCloseTo(20, within(1e-9));
        assertThat(guide.uncoveredUsd()).isCloseTo(10.20, within(0.005));
    }

    record Invalid(String field, double rate, double low, double peak, double month, double a100, String fix) {
        @Override
        public String toString() {
            return field;
        }
    }

    static Stream<Invalid> invalidInputs() {
        return Stream.of(
                new Invalid("rate", 0, 500, 200, 730, 2.3, "USD per hour"),
                new Invalid("rate", Double.NaN, 500, 200, 730, 2.3, "USD per hour"),
                new Invalid("low-hours", 0.51, -1, 200, 730, 2.3, "only the primary"),
                new Invalid("peak-hours", 0.51, 500, -0.5, 730, 2.3, "both machines"),
                new Invalid("hours-per-month", 0.51, 0, 0, 0, 2.3, "length of a month"),
                new Invalid("a100-rate", 0.51, 500, 200, 730, -2, "A100 price"),
                new Invalid("low-hours + peak-hours", 0.51, 600, 200, 730, 2.3, "--hours-per-month"));
    }

    @ParameterizedTest
    @MethodSource("invalidInputs")
    void shouldRejectAnImpossibleInputNamingTheFieldAndTheFix(Invalid c) {
        assertThatThrownBy(() -> new CostEstimate(c.rate, c.low, c.peak, c.month, c.a100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(c.field + ": ")
                .hasMessageContaining(c.fix);
    }
}
