package io.mcscale.core.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The per-tier load of some instances: every tier's {@link TierLoad}, and how many instances reported it.
 *
 * <p>Across instances, users and queue are sums: each instance counts what it owns, so a sum counts
 * each once. Waits are the maximum over the instances. Each instance's waits cover simulations no
 * other instance counts, so the group's true mean wait lies between the instances' smallest and
 * largest mean, and its 95th percentile is at most the largest instance's (no more than 5% of any
 * instance's waits lie above that value, so no more than 5% of all of them do). The maximum is
 * therefore never below the group's figure: a wait below a down threshold is below it everywhere,
 * and a slow wait anywhere is the tier's slow wait. Without per-instance counts no tighter rule is
 * sound. When only some instances report tiers, the sums and maxima are lower bounds: they can say
 * a tier is busy, never that it is idle.
 *
 * @param instances how many instances reported these figures
 */
public record TierMetrics(Map<UserTier, TierLoad> loads, int instances) {
    public TierMetrics {
        if (instances < 1) {
            throw new IllegalArgumentException("tier metrics cover at least one instance, got " + instances);
        }
        EnumMap<UserTier, TierLoad> all = new EnumMap<>(UserTier.class);
        for (UserTier tier : UserTier.values()) {
            all.put(tier, loads.getOrDefault(tier, TierLoad.IDLE));
        }
        loads = Map.copyOf(all);
    }

    /** One instance's report. */
    public static TierMetrics ofOneInstance(Map<UserTier, TierLoad> loads) {
        return new TierMetrics(loads, 1);
    }

    public TierLoad load(UserTier tier) {
        return loads.get(tier);
    }

    /** Adds up the reports of several instances, as the class comment says; the list must not be empty. */
    public static TierMetrics aggregate(List<TierMetrics> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("cannot aggregate the tiers of zero instances");
        }
        EnumMap<UserTier, TierLoad> total = new EnumMap<>(UserTier.class);
        int instances = 0;
        for (TierMetrics report : reports) {
            instances += report.instances();
            for (UserTier tier : UserTier.values()) {
                TierLoad sum = total.getOrDefault(tier, TierLoad.IDLE);
                TierLoad one = report.load(tier);
                total.put(tier, new TierLoad(sum.activeUsers() + one.activeUsers(), sum.queueLength() + one.queueLength(),
                        Math.max(sum.avgWaitSeconds(), one.avgWaitSeconds()),
                        Math.max(sum.waitP95Seconds(), one.waitP95Seconds())));
            }
        }
        return new TierMetrics(total, instances);
    }
}
