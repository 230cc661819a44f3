package io.mcscale.scaler.config;

import java.util.OptionalDouble;

/**
 * What the group costs and may cost: {@code MONTHLY_BUDGET_USD} (optional), {@code INSTANCE_HOURLY_RATE_USD}
 * (used when the provider reports no {@code usageRate}) and {@code STORAGE_MONTHLY_USD} per machine.
 */
public record CostSettings(OptionalDouble monthlyBudgetUsd, double instanceHourlyRateUsd, double storageMonthlyUsd) {

    /**
     * What one machine is billed per hour: the provider's {@code usageRate} when it reports one, else
     * {@code INSTANCE_HOURLY_RATE_USD}. The one rule behind the status API, Prometheus, doctor and
     * {@code mcscale machine}, so a local machine (which reports no rate) costs the same in all of them.
     */
    public double hourlyRateUsd(double providerRateUsdPerHour) {
        return providerRateUsdPerHour > 0 ? providerRateUsdPerHour : instanceHourlyRateUsd;
    }
}
