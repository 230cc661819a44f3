package io.mcscale.core.plan;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.TierMetrics;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.GroupView;
import io.mcscale.core.policy.MachineRole;
import io.mcscale.core.policy.MachineView;
import io.mcscale.core.policy.OperatorRequest;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The guide's policy as the daemon runs it: the simulated group goes through the daemon's own
 * {@link GroupPolicy}, which picks the machine to start, drain or put back. Simulated machines are
 * healthy and never fail to start, and the planner has no budget, so failover and the budget never
 * act. The platform reports no GPU here, so GPU is left out of the votes. Every simulated instance
 * reports its tiers, so the per-tier rules always have their figures.
 */
public final class GuideRule implements GroupRule {
    /** Health is not simulated, so failover never triggers; the value only completes the policy. */
    private static final int HEALTH_FAILURES_FOR_FAILOVER = 3;

    private final GroupPolicy policy;
    private PolicyState state = PolicyState.INITIAL;

    public GuideRule(PolicySettings settings) {
        this.policy = new GroupPolicy(settings, HEALTH_FAILURES_FOR_FAILOVER);
    }

    @Override
    public GroupDecision decide(PollView view, Instant now) {
        GroupDecision decision = policy.decide(groupView(view), state, BudgetGuard.NO_BUDGET, Optional.empty(), now);
        state = decision.next();
        return decision;
    }

    /**
     * What the policy would do if asked to scale up now (a forecast pre-warm), through the same code
     * as an operator's {@code scale up}: within the maximum and the cooldown, putting back a
     * draining machine before starting one. Decides nothing and keeps no state; see {@link #accept}.
     */
    GroupDecision tryScaleUp(PollView view, PolicyState from, Instant now) {
        return policy.decide(groupView(view), from, BudgetGuard.NO_BUDGET,
                Optional.of(OperatorRequest.of(OperatorRequest.Kind.SCALE_UP, false)), now);
    }

    /** Makes {@code next} the state for the following poll, for a decision the caller changed. */
    void accept(PolicyState next) {
        state = next;
    }

    PolicyState state() {
        return state;
    }

    private static GroupView groupView(PollView view) {
        List<MachineView> machines = new ArrayList<>(view.phases().size());
        for (int slot = 0; slot < view.phases().size(); slot++) {
            machines.add(MachineView.of(GroupRule.machineId(slot), slot == 0 ? MachineRole.PRIMARY : MachineRole.SECONDARY,
                    view.phases().get(slot)));
        }
        int serving = Math.max(1, view.serving());
        GroupMetrics metrics = new GroupMetrics(serving, view.activeUsers(), view.cpuPercent(),
                OptionalDouble.empty(), view.queued(), view.responseMs(), Optional.of(new TierMetrics(view.tiers(), serving)));
        return new GroupView(machines, MetricsReading.complete(metrics));
    }
}
