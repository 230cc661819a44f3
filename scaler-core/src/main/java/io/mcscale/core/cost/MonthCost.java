package io.mcscale.core.cost;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What a month costs: so far, and projected to its end if every machine stays as it is now.
 * Months are UTC calendar months, as Paperspace bills them. Storage is paid for every machine all
 * month, running or not; so far it counts pro rata.
 *
 * <p>Projection = usage so far + (rate of the machines running now) × hours left + the whole
 * month's storage. It is what the budget guard compares with {@code MONTHLY_BUDGET_USD}.
 */
public record MonthCost(YearMonth month, Instant asOf, List<MachineUsage> machines) {

    public MonthCost {
        machines = List.copyOf(machines);
        Instant start = start(month);
        Instant end = end(month);
        asOf = asOf.isBefore(start) ? start : asOf.isAfter(end) ? end : asOf;
    }

    public static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public static Instant end(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public double hoursInMonth() {
        return hours(Duration.between(start(month), end(month)));
    }

    public double hoursElapsed() {
        return hours(Duration.between(start(month), asOf));
    }

    public double hoursLeft() {
        return hoursInMonth() - hoursElapsed();
    }

    public double instanceHours() {
        return machines.stream().mapToDouble(MachineUsage::billedHours).sum();
    }

    public double usageSoFarUsd() {
        return machines.stream().mapToDouble(MachineUsage::usageUsd).sum();
    }

    public double storageMonthUsd() {
        return machines.stream().mapToDouble(MachineUsage::storageMonthlyUsd).sum();
    }

    /** Storage paid by machines that are off right now, for the whole month: the cost of keeping them ready. */
    public double storageOfStoppedMachinesUsd() {
        return machines.stream().filter(m -> !m.runningNow()).mapToDouble(MachineUsage::storageMonthlyUsd).sum();
    }

    public double costSoFarUsd() {
        return usageSoFarUsd() + storageMonthUsd() * hoursElapsed() / hoursInMonth();
    }

    /** USD per hour right now: the running machines' rates. */
    public double currentRateUsdPerHour() {
        return machines.stream().filter(MachineUsage::runningNow).mapToDouble(MachineUsage::hourlyRateUsd).sum();
    }

    public double projectedMonthUsd() {
        return usageSoFarUsd() + currentRateUsdPerHour() * hoursLeft() + storageMonthUsd();
    }

    /** Every machine running all month: what the guide's "always-on dual" costs. */
    public double alwaysOnUsd() {
        return machines.stream().mapToDouble(MachineUsage::hourlyRateUsd).sum() * hoursInMonth() + storageMonthUsd();
    }

    public double savingsVsAlwaysOnPercent() {
        double alwaysOn = alwaysOnUsd();
        return alwaysOn == 0 ? 0 : CostInputs.savingsPercent(projectedMonthUsd(), alwaysOn);
    }

    private static double hours(Duration duration) {
        return duration.toMillis() / 3_600_000.0;
    }
}
