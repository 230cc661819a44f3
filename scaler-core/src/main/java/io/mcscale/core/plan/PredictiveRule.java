package io.mcscale.core.plan;

import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import java.time.Instant;

/**
 * The guide's policy plus forecast pre-warm, in the planner: the {@link DemandForecast} the daemon
 * runs with {@code PREDICTIVE_SCALING=true}, learning from the trace so far, with the boot time as
 * its lead and the simulated workers for the load votes.
 */
public final class PredictiveRule implements GroupRule {
    private final GuideRule guide;
    private final DemandForecast forecast;

    public PredictiveRule(PolicySettings settings, GroupShape shape) {
        this.guide = new GuideRule(settings);
        this.forecast = new DemandForecast(settings, shape.bootSeconds(), shape.pollSeconds(), shape.workersPerInstance());
    }

    @Override
    public GroupDecision decide(PollView view, Instant now) {
        double t = view.timeSeconds();
        forecast.observe(t, view.activeUsers(), view.busyWorkers() + view.queued());
        PolicyState before = guide.state();
        GroupDecision decision = guide.decide(view, now);
        GroupDecision adjusted = forecast.adjust(decision, before, t, view.instances(), now,
                from -> guide.tryScaleUp(view, from, now));
        if (adjusted != decision) {
            guide.accept(adjusted.next());
        }
        return adjusted;
    }
}
