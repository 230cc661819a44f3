package io.mcscale.core.plan;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision;
import io.mcscale.core.policy.PolicyResult;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import io.mcscale.core.policy.ScalingPolicy;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * The guide's policy as the daemon runs it: the simulated group's metrics go through the
 * daemon's own decision code. The platform reports no GPU here, so GPU is left out of the votes.
 */
public final class GuideRule implements GroupRule {
    private final ScalingPolicy policy;
    private PolicyState state = PolicyState.INITIAL;

    public GuideRule(PolicySettings settings) {
        this.policy = new ScalingPolicy(settings);
    }

    @Override
    public ScaleDecision decide(GroupView view, Instant now) {
        GroupMetrics metrics = new GroupMetrics(view.serving(), view.activeUsers(), view.cpuPercent(), OptionalDouble.empty(),
                view.queued(), view.responseMs());
        PolicyResult result = policy.evaluate(state, view.instances(), MetricsReading.complete(metrics), now);
        state = result.next();
        return result.decision();
    }

    /** Starts a machine the policy did not ask for (a forecast pre-warm), unless the cooldown or the maximum forbids it. */
    boolean startIfAllowed(GroupView view, Instant now) {
        if (view.instances() >= policy.settings().maxInstances() || !policy.cooldownLeft(state, now).isZero()) {
            return false;
        }
        state = PolicyState.afterAction(now);
        return true;
    }

    /** Tells the policy that a scale-down it decided did not happen, so the low-load clock keeps running. */
    void keepLowClock(PolicyState before) {
        state = before;
    }

    PolicyState state() {
        return state;
    }

    PolicySettings settings() {
        return policy.settings();
    }
}
