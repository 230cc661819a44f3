package io.mcscale.scaler.config;

import java.util.OptionalDouble;

/** Cost inputs: the budget (optional), the fallback hourly rate and the storage cost per machine. */
public record OpsSettings(OptionalDouble monthlyBudgetUsd, double instanceHourlyRateUsd, double storageMonthlyUsd) {
}
