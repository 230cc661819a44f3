package io.mcscale.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MonthCostTest {
    // November has 30 days: 720 h, the guide's month.
    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private static final Instant TENTH_DAY_OVER = Instant.parse("2026-11-11T00:00:00Z"); // 240 h elapsed, 480 left

    @Test
    void shouldProjectTheRunningMachinesToTheEndOfTheMonth() {
        var month = new MonthCost(NOVEMBER, TENTH_DAY_OVER, List.of(
                new MachineUsage("ps-primary", 240, 0.51, true, 5),
                new MachineUsage("ps-secondary", 40, 0.51, false, 5)));

        assertThat(month.hoursInMonth()).isEqualTo(720);
        assertThat(month.instanceHours()).isEqualTo(280);
        assertThat(month.usageSoFarUsd()).isCloseTo(280 * 0.51, within(1e-9));
        assertThat(month.costSoFarUsd()).isCloseTo(280 * 0.51 + 10.0 / 3, within(1e-9));
        assertThat(month.currentRateUsdPerHour()).isCloseTo(0.51, within(1e-9));
        assertThat(month.projectedMonthUsd()).isCloseTo(280 * 0.51 + 480 * 0.51 + 10, within(1e-9));
        assertThat(month.storageOfStoppedMachinesUsd()).isEqualTo(5);
        assertThat(month.alwaysOnUsd()).isCloseTo(734.40 + 10, within(1e-9));
    }

    @Test
    void shouldCountNothingLeftForAMonthThatIsOver() {
        var month = new MonthCost(NOVEMBER, Instant.parse("2027-01-05T00:00:00Z"),
                List.of(new MachineUsage("ps-primary", 720, 0.51, true, 0)));

        assertThat(month.hoursLeft()).isZero();
        assertThat(month.projectedMonthUsd()).isCloseTo(367.20, within(1e-9));
    }

    @Test
    void shouldHoldBackScaleUpsOnlyWhenTheProjectionPassesTheBudget() {
        var primaryOnly = new MonthCost(NOVEMBER, TENTH_DAY_OVER, List.of(new MachineUsage("ps-primary", 240, 0.51, true, 0)));
        var both = new MonthCost(NOVEMBER, TENTH_DAY_OVER, List.of(
                new MachineUsage("ps-primary", 240, 0.51, true, 0), new MachineUsage("ps-secondary", 100, 0.51, true, 0)));

        assertThat(BudgetGuard.check(OptionalDouble.of(459), primaryOnly).blocksScaleUp()).isFalse();
        var verdict = BudgetGuard.check(OptionalDouble.of(459), both);
        assertThat(verdict.blocksScaleUp()).isTrue();
        // 340 h so far + 2 machines x 480 h left = 1,300 h x $0.51
        assertThat(verdict.reason()).isEqualTo(
                "budget: month projected at $663.00 > MONTHLY_BUDGET_USD $459.00, not scaling up (failover still allowed)");
        assertThat(BudgetGuard.check(OptionalDouble.empty(), both).blocksScaleUp()).isFalse();
    }
}
