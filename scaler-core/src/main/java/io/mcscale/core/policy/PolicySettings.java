package io.mcscale.core.policy;

import java.time.Duration;

/**
 * The thresholds of the scaling policy (Contract 3), one field per {@code .env.autoscaler} key.
 * The user thresholds are per serving instance: with n serving, scale up at
 * {@code users >= scaleUpUsersPerInstance * n}, down at {@code users <= scaleDownUsersPerInstance * (n - 1)}.
 * Every "down" threshold must lie below its "up" one, so that one load level cannot vote both ways.
 *
 * @param maxInstances the primary plus every secondary; the minimum is always 1 (the primary)
 * @param tierRules    the per-tier vote groups ({@code TIER_<T>_...}); {@link TierRules#NONE} by default
 */
public record PolicySettings(
        int scaleUpUsersPerInstance,
        int scaleDownUsersPerInstance,
        double cpuUpPercent,
        double cpuDownPercent,
        double gpuUpPercent,
        double gpuDownPercent,
        int queueUpLength,
        double responseUpSeconds,
        double responseDownSeconds,
        int votesToScaleUp,
        Duration cooldown,
        Duration scaleDownDelay,
        int maxInstances,
        TierRules tierRules) {

    /** The guide's values, for one primary and one secondary. */
    public static final PolicySettings GUIDE_DEFAULTS = new PolicySettings(
            6, 4, 70, 30, 80, 40, 5, 3, 1, 2, Duration.ofSeconds(300), Duration.ofSeconds(600), 2);

    public PolicySettings(int scaleUpUsersPerInstance, int scaleDownUsersPerInstance, double cpuUpPercent,
            double cpuDownPercent, double gpuUpPercent, double gpuDownPercent, int queueUpLength, double responseUpSeconds,
            double responseDownSeconds, int votesToScaleUp, Duration cooldown, Duration scaleDownDelay, int maxInstances) {
        this(scaleUpUsersPerInstance, scaleDownUsersPerInstance, cpuUpPercent, cpuDownPercent, gpuUpPercent, gpuDownPercent,
                queueUpLength, responseUpSeconds, responseDownSeconds, votesToScaleUp, cooldown, scaleDownDelay, maxInstances,
                TierRules.NONE);
    }

    public PolicySettings {
        requireBelow("SCALE_DOWN_THRESHOLD", scaleDownUsersPerInstance, "SCALE_UP_THRESHOLD", scaleUpUsersPerInstance);
        requireBelow("CPU_DOWN_THRESHOLD", cpuDownPercent, "CPU_UP_THRESHOLD", cpuUpPercent);
        requireBelow("GPU_DOWN_THRESHOLD", gpuDownPercent, "GPU_UP_THRESHOLD", gpuUpPercent);
        requireBelow("RESPONSE_DOWN_SECONDS", responseDownSeconds, "RESPONSE_UP_SECONDS", responseUpSeconds);
        if (scaleDownUsersPerInstance < 0 || scaleUpUsersPerInstance < 1) {
            throw new IllegalArgumentException("SCALE_UP_THRESHOLD must be >= 1 and SCALE_DOWN_THRESHOLD >= 0");
        }
        if (queueUpLength < 0) {
            throw new IllegalArgumentException("QUEUE_UP_THRESHOLD must be >= 0, got " + queueUpLength);
        }
        if (votesToScaleUp < 1 || votesToScaleUp > 5) {
            throw new IllegalArgumentException("VOTES_TO_SCALE_UP must be 1-5 (there are 5 conditions), got " + votesToScaleUp);
        }
        if (cooldown.isNegative() || scaleDownDelay.isNegative()) {
            throw new IllegalArgumentException("COOLDOWN_SECONDS and SCALE_DOWN_DELAY_SECONDS must be >= 0");
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("the group needs at least the primary: max instances " + maxInstances);
        }
    }

    public PolicySettings withMaxInstances(int max) {
        return new PolicySettings(scaleUpUsersPerInstance, scaleDownUsersPerInstance, cpuUpPercent, cpuDownPercent,
                gpuUpPercent, gpuDownPercent, queueUpLength, responseUpSeconds, responseDownSeconds, votesToScaleUp,
                cooldown, scaleDownDelay, max, tierRules);
    }

    public PolicySettings withTimings(Duration newCooldown, Duration newScaleDownDelay) {
        return new PolicySettings(scaleUpUsersPerInstance, scaleDownUsersPerInstance, cpuUpPercent, cpuDownPercent,
                gpuUpPercent, gpuDownPercent, queueUpLength, responseUpSeconds, responseDownSeconds, votesToScaleUp,
                newCooldown, newScaleDownDelay, maxInstances, tierRules);
    }

    public PolicySettings withTierRules(TierRules rules) {
        return new PolicySettings(scaleUpUsersPerInstance, scaleDownUsersPerInstance, cpuUpPercent, cpuDownPercent,
                gpuUpPercent, gpuDownPercent, queueUpLength, responseUpSeconds, responseDownSeconds, votesToScaleUp,
                cooldown, scaleDownDelay, maxInstances, rules);
    }

    private static void requireBelow(String lowKey, double low, String highKey, double high) {
        if (!(low < high)) {
            throw new IllegalArgumentException(lowKey + " (" + Reasons.number(low) + ") must be below "
                    + highKey + " (" + Reasons.number(high) + ")");
        }
    }
}
