package io.mcscale.core.policy;

import io.mcscale.core.model.UserTier;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One tier's scaling rules ({@code TIER_<T>_...} in {@code .env}): up to three conditions on the
 * tier's own figures, each with an optional down threshold, and how many must hold to scale up.
 * Like a second metric of an HPA, or a second trigger of KEDA, the tier is a vote group of its own.
 *
 * <ul>
 *   <li>users: up at {@code users >= USERS_UP * n}; low at {@code users <= USERS_DOWN * (n-1)}, or
 *       without a down threshold {@code users < USERS_UP * (n-1)}: the group left after a scale-down
 *       must not vote straight back up;</li>
 *   <li>queue: up at {@code queue > QUEUE_UP}; low at {@code queue <= QUEUE_DOWN}, else {@code queue <= QUEUE_UP};</li>
 *   <li>wait (the tier's "response": its mean submit-to-start wait): up at {@code wait > RESPONSE_UP_SECONDS};
 *       low at {@code wait < RESPONSE_DOWN_SECONDS}, else {@code wait <= RESPONSE_UP_SECONDS}.</li>
 * </ul>
 * Each down threshold lies below its up one, so that one load level cannot vote both ways; a
 * down threshold without its up one is refused.
 */
public record TierRule(
        UserTier tier,
        OptionalInt usersUpPerInstance,
        OptionalInt usersDownPerInstance,
        OptionalInt queueUp,
        OptionalInt queueDown,
        OptionalDouble waitUpSeconds,
        OptionalDouble waitDownSeconds,
        int votesToScaleUp) {

    public TierRule {
        requireUpFor(tier, usersDownPerInstance.isPresent(), usersUpPerInstance.isPresent(), "USERS_DOWN", "USERS_UP");
        requireUpFor(tier, queueDown.isPresent(), queueUp.isPresent(), "QUEUE_DOWN", "QUEUE_UP");
        requireUpFor(tier, waitDownSeconds.isPresent(), waitUpSeconds.isPresent(), "RESPONSE_DOWN_SECONDS", "RESPONSE_UP_SECONDS");
        if (usersUpPerInstance.isPresent() && usersUpPerInstance.getAsInt() < 1) {
            throw new IllegalArgumentException(keyOf(tier, "USERS_UP") + " must be >= 1, got " + usersUpPerInstance.getAsInt());
        }
        if (usersDownPerInstance.isPresent() && !(usersDownPerInstance.getAsInt() >= 0
                && usersDownPerInstance.getAsInt() < usersUpPerInstance.getAsInt())) {
            throw belowError(tier, "USERS_DOWN", usersDownPerInstance.getAsInt(), "USERS_UP", usersUpPerInstance.getAsInt(), "below");
        }
        if (queueUp.isPresent() && queueUp.getAsInt() < 0) {
            throw new IllegalArgumentException(keyOf(tier, "QUEUE_UP") + " must be >= 0, got " + queueUp.getAsInt());
        }
        if (queueDown.isPresent() && !(queueDown.getAsInt() >= 0 && queueDown.getAsInt() <= queueUp.getAsInt())) {
            throw belowError(tier, "QUEUE_DOWN", queueDown.getAsInt(), "QUEUE_UP", queueUp.getAsInt(), "at most");
        }
        if (waitUpSeconds.isPresent() && !(waitUpSeconds.getAsDouble() >= 0)) {
            throw new IllegalArgumentException(keyOf(tier, "RESPONSE_UP_SECONDS") + " must be >= 0");
        }
        if (waitDownSeconds.isPresent() && !(waitDownSeconds.getAsDouble() >= 0
                && waitDownSeconds.getAsDouble() < waitUpSeconds.getAsDouble())) {
            throw belowError(tier, "RESPONSE_DOWN_SECONDS", waitDownSeconds.getAsDouble(), "RESPONSE_UP_SECONDS",
                    waitUpSeconds.getAsDouble(), "below");
        }
        int conditions = conditionCount(usersUpPerInstance, queueUp, waitUpSeconds);
        if (conditions == 0) {
            throw new IllegalArgumentException(keyOf(tier, "VOTES_TO_SCALE_UP") + " is set but the " + tier.wire()
                    + " tier has no rule: set " + keyOf(tier, "RESPONSE_UP_SECONDS") + ", " + keyOf(tier, "QUEUE_UP") + " or "
                    + keyOf(tier, "USERS_UP") + ", or remove it");
        }
        if (votesToScaleUp < 1 || votesToScaleUp > conditions) {
            throw new IllegalArgumentException(keyOf(tier, "VOTES_TO_SCALE_UP") + " must be 1-" + conditions + " (the " + tier.wire()
                    + " tier has " + conditions + (conditions == 1 ? " rule" : " rules") + "), got " + votesToScaleUp);
        }
    }

    /** How many up conditions the tier has: 1 to 3. */
    public int conditions() {
        return conditionCount(usersUpPerInstance, queueUp, waitUpSeconds);
    }

    /** The {@code .env} key of one of this tier's settings, e.g. {@code TIER_ENTERPRISE_QUEUE_UP}. */
    public String key(String setting) {
        return keyOf(tier, setting);
    }

    public static String keyOf(UserTier tier, String setting) {
        return "TIER_" + tier.name() + "_" + setting;
    }

    private static int conditionCount(OptionalInt users, OptionalInt queue, OptionalDouble wait) {
        return (users.isPresent() ? 1 : 0) + (queue.isPresent() ? 1 : 0) + (wait.isPresent() ? 1 : 0);
    }

    private static void requireUpFor(UserTier tier, boolean downSet, boolean upSet, String down, String up) {
        if (downSet && !upSet) {
            throw new IllegalArgumentException(keyOf(tier, down) + " is set without " + keyOf(tier, up)
                    + ": a down threshold belongs to an up rule; set " + keyOf(tier, up) + " or remove " + keyOf(tier, down));
        }
    }

    private static IllegalArgumentException belowError(UserTier tier, String down, double low, String up, double high, String relation) {
        return new IllegalArgumentException(keyOf(tier, down) + " (" + Reasons.number(low) + ") must be " + relation + " "
                + keyOf(tier, up) + " (" + Reasons.number(high) + ")");
    }
}
