package io.mcscale.core.plan;

import io.mcscale.core.model.UserTier;

/**
 * How long one tier's simulations waited in a plan: a wait is the time from submission to start.
 *
 * @param slowAfterSeconds the tier's slow limit: its {@code TIER_<T>_RESPONSE_UP_SECONDS}, else {@code RESPONSE_UP_SECONDS}
 * @param slowSimulations  the tier's simulations that waited longer than {@code slowAfterSeconds}
 */
public record TierWaits(UserTier tier, int simulations, double p95WaitSeconds, int slowSimulations, double slowAfterSeconds) {
}
