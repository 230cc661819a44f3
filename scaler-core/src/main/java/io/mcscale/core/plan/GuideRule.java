package io.mcscale.core.plan;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.MachineRole;
import io.mcscale.core.policy.MachineView;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The guide's policy as the daemon runs it: the simulated group's metrics go through the daemon's
 * own {@link GroupPolicy}. The platform reports no GPU here, so GPU is left out of the votes; a
 * simulation has no failed reads, no failing primary, no budget and no operator. A drain cancel
 * is an {@code UP} for the simulation, which then puts a draining machine back before it starts one.
 */
public final class GuideRule implements GroupRule {
    /** A simulated primary never fails its health checks, so this never triggers; it only completes the policy. */
    private static final int HEALTH_FAILURES_FOR_FAILOVER = 3;

    private final GroupPolicy policy;
    private PolicyState state = PolicyState.INITIAL;

    public GuideRule(PolicySettings settings) {
        this.policy = new GroupPolicy(settings, HEALTH_FAILURES_FOR_FAILOVER);
    }

    @Override
    public ScaleDecision decide(GroupView view, Instant now) {
        GroupMetrics metrics = new GroupMetrics(view.serving(), view.activeUsers(), view.cpuPercent(), OptionalDouble.empty(),
                view.queued(), view.responseMs());
        GroupDecision decision = policy.decide(new io.mcscale.core.policy.GroupView(machines(view),
                MetricsReading.complete(metrics)), state, BudgetGuard.NO_BUDGET, Optional.empty(), now);
        state = decision.next();
        return switch (decision.kind()) {
            case SCALE_UP, CANCEL_DRAIN -> ScaleDecision.up(decision.reasons());
            case SCALE_DOWN -> ScaleDecision.down(decision.reasons());
            default -> ScaleDecision.none(decision.reasons());
        };
    }

    /**
     * The machines as the policy sees them: the primary serving, then the secondaries by phase.
     * Which slot is which does not matter here: the simulation picks the machine as the daemon would.
     */
    private List<MachineView> machines(GroupView view) {
        List<MachineView> machines = new ArrayList<>();
        machines.add(MachineView.of("primary", MachineRole.PRIMARY, MachinePhase.SERVING));
        int secondaries = Math.max(policy.settings().maxInstances(), view.instances() + view.draining()) - 1;
        for (int i = 1; i <= secondaries; i++) {
            MachinePhase phase = i < view.serving() ? MachinePhase.SERVING
                    : i < view.serving() + view.booting() ? MachinePhase.STARTING
                    : i < view.serving() + view.booting() + view.draining() ? MachinePhase.DRAINING
                    : MachinePhase.OFF;
            machines.add(MachineView.of("secondary-" + i, MachineRole.SECONDARY, phase));
        }
        return machines;
    }

    /** Starts a machine the policy did not ask for (a forecast pre-warm), unless the cooldown or the maximum forbids it. */
    boolean startIfAllowed(GroupView view, Instant now) {
        if (view.instances() >= policy.settings().maxInstances() || policy.cooldownSecondsLeft(state, now) > 0) {
            return false;
        }
        state = state.actedAt(now);
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
