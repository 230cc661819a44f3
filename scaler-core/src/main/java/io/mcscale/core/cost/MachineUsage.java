package io.mcscale.core.cost;

/**
 * One machine's billed time in a month so far, for {@link MonthCost}.
 *
 * @param machineId            the provider's id
 * @param billedHours          hours this month in any state but off (what the provider bills)
 * @param hourlyRateUsd        what one running hour costs
 * @param runningNow           whether it is billed right now (it then costs its rate for the rest of the month)
 * @param storageMonthlyUsd    storage paid for the whole month, running or not
 */
public record MachineUsage(String machineId, double billedHours, double hourlyRateUsd, boolean runningNow, double storageMonthlyUsd) {
    public MachineUsage {
        CostInputs.requireNonNegative("billed hours of " + machineId, billedHours, "the event store holds a negative interval");
        CostInputs.requireNonNegative("hourly rate of " + machineId, hourlyRateUsd, "set INSTANCE_HOURLY_RATE_USD >= 0");
        CostInputs.requireNonNegative("storage of " + machineId, storageMonthlyUsd, "set STORAGE_MONTHLY_USD >= 0");
    }

    public double usageUsd() {
        return billedHours * hourlyRateUsd;
    }
}
