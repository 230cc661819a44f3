package io.mcscale.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MetricsReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Invariants of the whole decision function over random runs of a small simulated group: load,
 * failed reads, a failing primary, the budget, operator requests and drains that take a while.
 */
class GroupPolicyPropertiesTest {
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration COOLDOWN = PolicySettings.GUIDE_DEFAULTS.cooldown();

    /** One tick: its gap, the load, whether the read fails, the primary's health, the budget, a request, drains ending. */
    record Tick(int gapSeconds, int users, double cpu, boolean readFails, boolean primaryFails, boolean overBudget,
            OperatorRequest request, boolean drainsEnd) {
    }

    record Step(Instant at, Tick tick, GroupDecision decision, int activeAfter, boolean readComplete) {
    }

    @Property(tries = 300)
    void neverMovesAMachineWithinTheCooldownUnlessFailoverForceOrDrainCancel(
            @ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks, @ForAll @IntRange(min = 1, max = 4) int max) {
        Instant lastMove = null;
        for (Step step : run(ticks, max)) {
            GroupDecision.Kind kind = step.decision().kind();
            boolean moves = kind == GroupDecision.Kind.SCALE_UP || kind == GroupDecision.Kind.SCALE_DOWN;
            boolean forced = step.tick().request() != null && step.tick().request().force();
            if (moves && !forced && lastMove != null) {
                assertThat(Duration.between(lastMove, step.at())).isGreaterThanOrEqualTo(COOLDOWN);
            }
            if (moves || (kind == GroupDecision.Kind.FAILOVER && step.decision().next().lastAction().equals(Optional.of(step.at())))) {
                lastMove = step.at();
            }
        }
    }

    @Property(tries = 300)
    void neverAboveTheMaximumNorWithoutThePrimary(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll @IntRange(min = 1, max = 4) int max) {
        for (Step step : run(ticks, max)) {
            assertThat(step.activeAfter()).isLessThanOrEqualTo(max);
            assertThat(step.decision().machineId()).isNotEqualTo(Optional.of("p"));
        }
    }

    @Property(tries = 300)
    void neverScalesDownOnAFailedReadUnlessAPersonAsks(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll @IntRange(min = 1, max = 4) int max) {
        for (Step step : run(ticks, max)) {
            if (step.decision().kind() == GroupDecision.Kind.SCALE_DOWN && step.tick().request() == null) {
                assertThat(step.readComplete()).isTrue();
            }
        }
    }

    @Property(tries = 300)
    void overBudgetOnlyFailoverOrAPersonStartsAMachine(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll @IntRange(min = 1, max = 4) int max) {
        for (Step step : run(ticks, max)) {
            if (step.tick().overBudget() && step.tick().request() == null) {
                assertThat(step.decision().kind()).isNotEqualTo(GroupDecision.Kind.SCALE_UP);
            }
        }
    }

    @Property(tries = 300)
    void aFailingPrimaryAlwaysEndsInFailover(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll @IntRange(min = 1, max = 4) int max) {
        for (Step step : run(ticks, max)) {
            if (step.tick().primaryFails()) {
                assertThat(step.decision().next().failover()).isTrue();
            }
        }
    }

    /** Runs the ticks through the policy; actions take effect at once, drains end when a tick says so. */
    private static List<Step> run(List<Tick> ticks, int max) {
        var policy = new GroupPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(max), 3);
        MachinePhase[] phases = new MachinePhase[max];
        java.util.Arrays.fill(phases, MachinePhase.OFF);
        phases[0] = MachinePhase.SERVING;
        PolicyState state = PolicyState.INITIAL;
        Instant now = START;
        List<Step> steps = new ArrayList<>();
        for (Tick tick : ticks) {
            now = now.plusSeconds(tick.gapSeconds());
            if (tick.drainsEnd()) {
                for (int i = 1; i < max; i++) {
                    phases[i] = phases[i] == MachinePhase.DRAINING ? MachinePhase.OFF : phases[i];
                }
            }
            int serving = 0;
            for (MachinePhase phase : phases) {
                serving += phase == MachinePhase.SERVING ? 1 : 0;
            }
            MetricsReading reading = tick.readFails() || serving == 0
                    ? MetricsReading.failed("timeout")
                    : MetricsReading.complete(new GroupMetrics(serving, tick.users(), tick.cpu(), OptionalDouble.empty(), 0, 100));
            List<MachineView> machines = new ArrayList<>();
            for (int i = 0; i < max; i++) {
                machines.add(new MachineView(i == 0 ? "p" : "s" + i, i == 0 ? MachineRole.PRIMARY : MachineRole.SECONDARY,
                        phases[i], i == 0 && tick.primaryFails() ? 3 : 0, Instant.MIN));
            }
            BudgetGuard.Verdict budget = tick.overBudget()
                    ? new BudgetGuard.Verdict(true, OptionalDouble.of(1), 2, "budget: over") : BudgetGuard.NO_BUDGET;
            GroupDecision decision = policy.decide(new GroupView(machines, reading), state, budget,
                    Optional.ofNullable(tick.request()), now);
            state = decision.next();
            decision.machineId().ifPresent(id -> {
                int i = Integer.parseInt(id.substring(1));
                phases[i] = decision.kind() == GroupDecision.Kind.SCALE_DOWN ? MachinePhase.DRAINING : MachinePhase.SERVING;
            });
            int active = 0;
            for (MachinePhase phase : phases) {
                active += phase.isActive() ? 1 : 0;
            }
            steps.add(new Step(now, tick, decision, active, reading.isComplete()));
        }
        return steps;
    }

    @Provide
    Arbitrary<List<Tick>> ticks() {
        Arbitrary<OperatorRequest> request = Combinators.combine(
                Arbitraries.of(OperatorRequest.Kind.class), Arbitraries.of(false, true)).as(OperatorRequest::new);
        Arbitrary<Tick> tick = Combinators.combine(
                Arbitraries.of(1, 30, 30, 30, 60, 299, 300, 301, 600),
                Arbitraries.of(0, 0, 3, 6, 7, 12, 20),
                Arbitraries.of(0.0, 10.0, 50.0, 70.1, 100.0),
                Arbitraries.of(false, false, false, false, false, false, false, false, false, true),
                Arbitraries.of(false, false, false, false, false, false, false, false, false, true),
                Arbitraries.of(false, false, false, true),
                request.injectNull(0.9),
                Arbitraries.of(false, false, true))
                .as(Tick::new);
        return tick.list();
    }
}
