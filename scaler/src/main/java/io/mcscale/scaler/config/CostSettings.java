package io.mcscale.scaler.config;

import java.util.OptionalDouble;

/**
 * What the group costs and may cost: {@code MONTHLY_BUDGET_USD} (optional), {@code INSTANCE_HOURLY_RATE_USD}
 * (used when the provider reports no {@code usageRate}) and {@code STORAGE_MONTHLY_USD} per machine.
 */
public record CostSettings(OptionalDouble monthlyBudgetUsd, double instanceHourlyRateUsd, double storageMonthlyUsd) {
}
