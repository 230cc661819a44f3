package io.mcscale.core.policy;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.ScaleDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why the group scales: every rule, as one pure function of the group, the remembered state, the
 * budget, an operator's request and the time. The daemon, {@code replay} and {@code plan} all call
 * {@link #decide}; none of them adds a rule of its own. The rules, in the order they are applied:
 * <ol>
 *   <li><b>Failover.</b> When the primary has failed {@code HEALTH_FAILURES_FOR_FAILOVER} health checks
 *       in a row (or an operator asks), a secondary serves at once: a draining one is put back, else
 *       the first one off is started, ignoring the cooldown, the backoff and the budget. The group
 *       stays in failover, and the policy waits, until the primary serves healthy again.</li>
 *   <li><b>Operator requests.</b> {@code scale up|down} act within the limits but not within the
 *       cooldown unless {@code --force}. They are not held by the budget: a person decided.</li>
 *   <li><b>The guide's policy</b> ({@link ScalingPolicy}): 2 of 5 votes scale up; sustained low load
 *       for {@code SCALE_DOWN_DELAY} scales down; the cooldown holds both; a failed read never scales
 *       down. n counts the machines serving or starting: a draining machine is on its way out.</li>
 *   <li><b>Drain cancel.</b> When the votes say up while a secondary drains, that secondary serves
 *       again instead of another starting. It starts nothing, so the cooldown does not hold it back
 *       (the case of nomad-autoscaler #521), and neither does the budget.</li>
 *   <li><b>The budget.</b> While the month's projection is above {@code MONTHLY_BUDGET_USD}, no scale
 *       up starts a machine.</li>
 * </ol>
 * Every action restarts the cooldown and the low-load clock.
 */
public final class GroupPolicy {
    private final ScalingPolicy votes;
    private final int healthFailuresForFailover;

    public GroupPolicy(PolicySettings settings, int healthFailuresForFailover) {
        if (healthFailuresForFailover < 1) {
            throw new IllegalArgumentException("HEALTH_FAILURES_FOR_FAILOVER must be >= 1, got " + healthFailuresForFailover);
        }
        this.votes = new ScalingPolicy(settings);
        this.healthFailuresForFailover = healthFailuresForFailover;
    }

    public PolicySettings settings() {
        return votes.settings();
    }

    public int healthFailuresForFailover() {
        return healthFailuresForFailover;
    }

    /**
     * Decides one evaluation.
     *
     * @param state   what the previous decision returned ({@link PolicyState#INITIAL} at first)
     * @param budget  the budget guard's latest verdict ({@link BudgetGuard#NO_BUDGET} without a budget)
     * @param request an operator's request, handled instead of the guide's policy at this evaluation
     */
    public GroupDecision decide(GroupView view, PolicyState state, BudgetGuard.Verdict budget,
            Optional<OperatorRequest> request, Instant now) {
        MachineView primary = view.primary();
        if (!state.failover() && primary.healthFailures() >= healthFailuresForFailover) {
            return failover(view, state, "primary failed " + primary.healthFailures() + " health checks", now);
        }
        if (request.isPresent() && request.get().kind() == OperatorRequest.Kind.FAILOVER) {
            return state.failover()
                    ? GroupDecision.none(List.of("already failed over"), state)
                    : failover(view, state, request.get().reason(), now);
        }
        PolicyState current = state.failover() && primary.phase() == MachinePhase.SERVING && primary.healthFailures() == 0
                ? state.withFailover(false)
                : state;
        if (request.isPresent()) {
            return operator(view, current, request.get(), now);
        }
        if (current.failover()) {
            return GroupDecision.none(List.of("failover: waiting for the primary"), current);
        }
        return guide(view, current, budget, now);
    }

    /** The cooldown left in whole seconds, rounded up: the one rounding the reasons, the status API and the metrics use. */
    public long cooldownSecondsLeft(PolicyState state, Instant now) {
        return votes.cooldownSecondsLeft(state, now);
    }

    private GroupDecision failover(GroupView view, PolicyState state, String why, Instant now) {
        PolicyState inFailover = state.withFailover(true).withLowSince(Optional.empty());
        List<String> reasons = new ArrayList<>(List.of(why, "failover ignores cooldown"));
        Optional<MachineView> draining = view.newestSecondary(MachinePhase.DRAINING);
        boolean secondaryActive = view.scalableSecondaries().stream().anyMatch(m -> m.phase().isActive());
        if (draining.isPresent()) {
            reasons.add("cancel the drain of " + draining.get().machineId());
            return new GroupDecision(GroupDecision.Kind.FAILOVER, Optional.of(draining.get().machineId()), reasons, inFailover);
        }
        if (secondaryActive) {
            reasons.add("a secondary already serves or starts");
            return new GroupDecision(GroupDecision.Kind.FAILOVER, Optional.empty(), reasons, inFailover);
        }
        Optional<MachineView> off = view.scalableSecondaries().stream().filter(m -> m.phase() == MachinePhase.OFF).findFirst();
        if (off.isEmpty() || view.activeInstances() >= settings().maxInstances()) {
            reasons.add(off.isEmpty() ? "no secondary is off" : "at max " + settings().maxInstances() + " instances");
            return new GroupDecision(GroupDecision.Kind.FAILOVER, Optional.empty(), reasons, inFailover);
        }
        return new GroupDecision(GroupDecision.Kind.FAILOVER, Optional.of(off.get().machineId()), reasons,
                inFailover.actedAt(now));
    }

    private GroupDecision operator(GroupView view, PolicyState state, OperatorRequest request, Instant now) {
        String why = request.reason();
        Duration cooldown = votes.cooldownLeft(state, now);
        if (!request.force() && !cooldown.isZero()) {
            return GroupDecision.none(List.of(why, ScalingPolicy.cooldownReason(cooldown) + "; use --force to act anyway"),
                    state);
        }
        if (request.kind() == OperatorRequest.Kind.SCALE_DOWN) {
            return view.newestSecondary(MachinePhase.SERVING)
                    .map(m -> act(GroupDecision.Kind.SCALE_DOWN, m, List.of(why), state, now))
                    .orElseGet(() -> GroupDecision.none(List.of(why, "nothing to do: no secondary is serving"), state));
        }
        Optional<MachineView> draining = view.newestSecondary(MachinePhase.DRAINING);
        if (draining.isPresent()) {
            return act(GroupDecision.Kind.CANCEL_DRAIN, draining.get(), List.of(why), state, now);
        }
        return scaleUp(view, List.of(why), state, now)
                .orElseGet(() -> GroupDecision.none(List.of(why, "nothing to do: no secondary is off"), state));
    }

    private GroupDecision guide(GroupView view, PolicyState state, BudgetGuard.Verdict budget, Instant now) {
        int instances = view.activeInstances();
        Optional<MachineView> draining = view.newestSecondary(MachinePhase.DRAINING);
        if (draining.isPresent()) {
            // Asked as if the cooldown were over: cancelling a drain starts nothing, so the cooldown cannot hold it.
            PolicyResult asIfCool = votes.evaluate(new PolicyState(state.lowSince(), Optional.empty(), state.failover()), instances,
                    view.reading(), now);
            if (asIfCool.decision().direction() == ScaleDecision.Direction.UP) {
                return act(GroupDecision.Kind.CANCEL_DRAIN, draining.get(), asIfCool.decision().reasons(), state, now);
            }
        }
        PolicyResult result = votes.evaluate(state, instances, view.reading(), now);
        List<String> reasons = result.decision().reasons();
        switch (result.decision().direction()) {
            case UP -> {
                // Up votes and the down-conditions exclude each other, so the low-load clock is already broken.
                PolicyState held = state.withLowSince(Optional.empty());
                if (budget.blocksScaleUp()) {
                    return GroupDecision.none(append(reasons, budget.reason()), held);
                }
                return scaleUp(view, reasons, state, now)
                        .orElseGet(() -> GroupDecision.none(append(reasons, "no secondary can start now"), held));
            }
            case DOWN -> {
                return view.newestSecondary(MachinePhase.SERVING)
                        .map(m -> act(GroupDecision.Kind.SCALE_DOWN, m, reasons, state, now))
                        .orElseGet(() -> GroupDecision.none(append(reasons, "no secondary is serving yet"), state));
            }
            default -> {
                return GroupDecision.none(reasons, result.next());
            }
        }
    }

    /** Starts the first secondary that is off and not backing off, within the maximum. */
    private Optional<GroupDecision> scaleUp(GroupView view, List<String> reasons, PolicyState state, Instant now) {
        if (view.activeInstances() >= settings().maxInstances()) {
            return Optional.empty();
        }
        return view.scalableSecondaries().stream().filter(m -> m.canStartAt(now)).findFirst()
                .map(m -> act(GroupDecision.Kind.SCALE_UP, m, reasons, state, now));
    }

    private static GroupDecision act(GroupDecision.Kind kind, MachineView machine, List<String> reasons,
            PolicyState state, Instant now) {
        return new GroupDecision(kind, Optional.of(machine.machineId()), reasons, state.actedAt(now));
    }

    private static List<String> append(List<String> reasons, String reason) {
        List<String> all = new ArrayList<>(reasons);
        all.add(reason);
        return all;
    }
}
