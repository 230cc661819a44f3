package io.mcscale.core.plan;

import io.mcscale.core.model.UserTier;
import io.mcscale.core.policy.TierRule;
import io.mcscale.core.policy.TierRules;
import java.util.EnumMap;
import java.util.Map;

/**
 * The simulated group and how it is watched and billed (Contract 5).
 *
 * @param workersPerInstance       W: simulations one instance runs at once
 * @param bootSeconds              B: a started machine serves this long after its start request
 * @param pollSeconds              the daemon's POLL_INTERVAL_SECONDS: metrics are derived and decided once per interval
 * @param activeUserWindowSeconds  the platform's active-user window (its default is 300 s)
 * @param hourlyRateUsd            what a machine costs per hour, billed per second from start request until off
 * @param slowAfterSeconds         a simulation that waited longer than this is slow (RESPONSE_UP_SECONDS)
 * @param tierSlowAfterSeconds     a tier's own slow limit (its TIER_<T>_RESPONSE_UP_SECONDS) for the per-tier
 *                                 figures; a tier not listed uses {@code slowAfterSeconds}
 * @param claimWeights             each tier's weight in the platform's fair-share claim (its {@code --tier-weights},
 *                                 default free 1, pro 2, enterprise 4)
 */
public record GroupShape(
        int workersPerInstance,
        double bootSeconds,
        double pollSeconds,
        double activeUserWindowSeconds,
        double hourlyRateUsd,
        double slowAfterSeconds,
        Map<UserTier, Double> tierSlowAfterSeconds,
        Map<UserTier, Integer> claimWeights) {

    /** The platform's default claim weights. */
    public static final Map<UserTier, Integer> DEFAULT_CLAIM_WEIGHTS = Map.of(UserTier.FREE, 1, UserTier.PRO, 2, UserTier.ENTERPRISE, 4);

    public GroupShape(int workersPerInstance, double bootSeconds, double pollSeconds, double activeUserWindowSeconds,
            double hourlyRateUsd, double slowAfterSeconds) {
        this(workersPerInstance, bootSeconds, pollSeconds, activeUserWindowSeconds, hourlyRateUsd, slowAfterSeconds, Map.of(),
                DEFAULT_CLAIM_WEIGHTS);
    }

    public GroupShape {
        if (workersPerInstance < 1) {
            throw new IllegalArgumentException("--workers must be 1 or more, got " + workersPerInstance);
        }
        if (!(bootSeconds >= 0) || Double.isInfinite(bootSeconds)) {
            throw new IllegalArgumentException("--boot-seconds must be 0 or more, got " + bootSeconds);
        }
        if (!(pollSeconds > 0) || Double.isInfinite(pollSeconds)) {
            throw new IllegalArgumentException("POLL_INTERVAL_SECONDS must be above 0, got " + pollSeconds);
        }
        if (!(activeUserWindowSeconds >= 0)) {
            throw new IllegalArgumentException("the active-user window must be 0 or more seconds, got " + activeUserWindowSeconds);
        }
        if (!(hourlyRateUsd >= 0) || Double.isInfinite(hourlyRateUsd)) {
            throw new IllegalArgumentException("--rate must be 0 or more USD an hour, got " + hourlyRateUsd);
        }
        if (!(slowAfterSeconds >= 0)) {
            throw new IllegalArgumentException("the slow-wait limit must be 0 or more seconds, got " + slowAfterSeconds);
        }
        tierSlowAfterSeconds = Map.copyOf(tierSlowAfterSeconds);
        for (UserTier tier : UserTier.values()) {
            Integer weight = claimWeights.get(tier);
            if (weight == null || weight < 1) {
                throw new IllegalArgumentException("the " + tier.wire() + " tier's claim weight must be 1 or more, got " + weight);
            }
        }
        claimWeights = Map.copyOf(claimWeights);
    }

    /** This shape with the platform's claim weights, e.g. from {@code --tier-weights}. */
    public GroupShape withClaimWeights(Map<UserTier, Integer> weights) {
        return new GroupShape(workersPerInstance, bootSeconds, pollSeconds, activeUserWindowSeconds, hourlyRateUsd,
                slowAfterSeconds, tierSlowAfterSeconds, weights);
    }

    /** The claim weights by {@link UserTier} ordinal. */
    int[] claimWeightsByOrdinal() {
        int[] weights = new int[UserTier.values().length];
        for (UserTier tier : UserTier.values()) {
            weights[tier.ordinal()] = claimWeights.get(tier);
        }
        return weights;
    }

    /** This shape with each tier that has a wait rule judged slow by that rule's limit. */
    public GroupShape withTierSlowLimits(TierRules rules) {
        Map<UserTier, Double> limits = new EnumMap<>(UserTier.class);
        for (TierRule rule : rules.rules()) {
            rule.waitUpSeconds().ifPresent(limit -> limits.put(rule.tier(), limit));
        }
        return new GroupShape(workersPerInstance, bootSeconds, pollSeconds, activeUserWindowSeconds, hourlyRateUsd,
                slowAfterSeconds, limits, claimWeights);
    }

    public double slowAfterSeconds(UserTier tier) {
        return tierSlowAfterSeconds.getOrDefault(tier, slowAfterSeconds);
    }
}
