package io.mcscale.scaler.config;

import io.mcscale.core.policy.PolicySettings;
import java.time.Duration;

/**
 * What {@code mcscale plan} reads from an {@code .env.autoscaler}: the policy, how often the
 * daemon evaluates it, and what a machine costs an hour. No credentials or machine ids are needed.
 */
public record PlanningSettings(PolicySettings policy, Duration pollInterval, double hourlyRateUsd) {
}
