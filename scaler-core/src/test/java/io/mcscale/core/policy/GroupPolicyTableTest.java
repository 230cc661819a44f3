package io.mcscale.core.policy;

import static io.mcscale.core.policy.GroupDecision.Kind.CANCEL_DRAIN;
import static io.mcscale.core.policy.GroupDecision.Kind.FAILOVER;
import static io.mcscale.core.policy.GroupDecision.Kind.NONE;
import static io.mcscale.core.policy.GroupDecision.Kind.SCALE_DOWN;
import static io.mcscale.core.policy.GroupDecision.Kind.SCALE_UP;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MetricsReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of {@link GroupPolicy} beyond the guide's votes (which {@code ScalingPolicyTableTest}
 * covers row by row): failover, operator requests, drain cancel, the budget, pools and draining machines.
 */
class GroupPolicyTableTest {
    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");
    private static final MetricsReading HIGH = read(1, 7, 80);
    private static final MetricsReading LOW = read(1, 0, 5);
    private static final MetricsReading CALM = read(1, 3, 50);
    private static final BudgetGuard.Verdict OVER_BUDGET = new BudgetGuard.Verdict(true, OptionalDouble.of(300), 373,
            "budget: month projected at $373.00 > MONTHLY_BUDGET_USD $300.00, not scaling up (failover still allowed)");

    record Case(
            String name,
            // the group: the primary's phase first, then each secondary's (ids p, s1, s2, ...); * marks a base one (MIN_INSTANCES)
            String phases,
            int primaryHealthFailures,
            String backingOff,
            // remembered state and the world
            MetricsReading reading,
            Integer lowSinceSecondsAgo,
            Integer lastActionSecondsAgo,
            boolean failover,
            boolean overBudget,
            OperatorRequest request,
            // expected result
            GroupDecision.Kind kind,
            String machine,
            List<String> reasonsInclude,
            boolean nextFailover,
            boolean cooldownRestarts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        OperatorRequest up = OperatorRequest.of(OperatorRequest.Kind.SCALE_UP, false);
        OperatorRequest forceUp = OperatorRequest.of(OperatorRequest.Kind.SCALE_UP, true);
        OperatorRequest down = OperatorRequest.of(OperatorRequest.Kind.SCALE_DOWN, false);
        OperatorRequest forceDown = OperatorRequest.of(OperatorRequest.Kind.SCALE_DOWN, true);
        OperatorRequest failover = OperatorRequest.of(OperatorRequest.Kind.FAILOVER, false);
        return Stream.of(
                // The guide's votes, through the whole function.
                new Case("high load starts the first secondary that is off", "serving off off", 0, "",
                        HIGH, null, null, false, false, null,
                        SCALE_UP, "s1", List.of("active_users>=6", "cpu>70"), false, true),
                new Case("the cooldown holds a scale up", "serving off", 0, "",
                        HIGH, null, 88, false, false, null,
                        NONE, null, List.of("active_users>=6", "cpu>70", "cooldown 212 s left"), false, false),
                new Case("low for the whole delay drains the newest serving secondary", "serving serving serving", 0, "",
                        read(3, 0, 5), 600, null, false, false, null,
                        SCALE_DOWN, "s2", List.of("active_users<=8", "low for 600 of 600 s"), false, true),
                new Case("low, but not yet for the delay", "serving serving", 0, "",
                        read(2, 0, 5), 430, null, false, false, null,
                        NONE, null, List.of("low for 430 of 600 s"), false, false),
                new Case("a failed read never scales down", "serving serving", 0, "",
                        MetricsReading.failed("s1: timeout after 5 s"), 900, null, false, false, null,
                        NONE, null, List.of("metrics read failed: s1: timeout after 5 s"), false, false),
                new Case("a starting secondary counts towards the maximum", "serving starting", 0, "",
                        HIGH, null, null, false, false, null,
                        NONE, null, List.of("at max 2 instances"), false, false),
                new Case("a secondary backing off after a failed start is skipped", "serving off off", 0, "s1",
                        HIGH, null, null, false, false, null,
                        SCALE_UP, "s2", List.of("cpu>70"), false, true),
                new Case("with every secondary backing off nothing starts", "serving off", 0, "s1",
                        HIGH, null, null, false, false, null,
                        NONE, null, List.of("no secondary can start now"), false, false),
                new Case("a scale down waits while the only other machine still starts", "serving starting", 0, "",
                        read(1, 0, 5), 600, null, false, false, null,
                        NONE, null, List.of("no secondary is serving yet"), false, false),
                // Draining machines: not in n, and load that returns cancels the drain despite the cooldown.
                new Case("a draining secondary is put back rather than an off one started", "serving draining off", 0, "",
                        read(1, 6, 80), null, 60, false, false, null,
                        CANCEL_DRAIN, "s1", List.of("active_users>=6"), false, true),
                new Case("load returning cancels the drain within the cooldown", "serving draining", 0, "",
                        HIGH, null, 30, false, false, null,
                        CANCEL_DRAIN, "s1", List.of("active_users>=6", "cpu>70"), false, true),
                new Case("a drain cancel is not held by the budget", "serving draining", 0, "",
                        HIGH, null, null, false, true, null,
                        CANCEL_DRAIN, "s1", List.of("cpu>70"), false, true),
                new Case("calm load lets the drain go on", "serving draining", 0, "",
                        CALM, null, 30, false, false, null,
                        NONE, null, List.of("0 of 2 votes"), false, false),
                // The budget.
                new Case("over budget no scale up starts a machine", "serving off", 0, "",
                        HIGH, null, null, false, true, null,
                        NONE, null, List.of("cpu>70", OVER_BUDGET.reason()), false, false),
                new Case("over budget a scale down still happens", "serving serving", 0, "",
                        read(2, 0, 5), 600, null, false, true, null,
                        SCALE_DOWN, "s1", List.of("queue==0"), false, true),
                // Failover.
                new Case("the primary's third failed check fails over at once, within the cooldown", "serving off", 3, "",
                        HIGH, null, 10, false, true, null,
                        FAILOVER, "s1", List.of("primary failed 3 health checks", "failover ignores cooldown"), true, true),
                new Case("two failed checks are not yet a failover", "serving off", 2, "",
                        CALM, null, null, false, false, null,
                        NONE, null, List.of("0 of 2 votes"), false, false),
                new Case("failover ignores a secondary's backoff", "serving off", 3, "s1",
                        CALM, null, null, false, false, null,
                        FAILOVER, "s1", List.of("failover ignores cooldown"), true, true),
                new Case("failover puts a draining secondary back instead of starting one", "serving draining off", 4, "",
                        CALM, null, 10, false, false, null,
                        FAILOVER, "s1", List.of("cancel the drain of s1"), true, false),
                new Case("failover with a secondary serving starts nothing", "serving serving", 3, "",
                        CALM, null, null, false, false, null,
                        FAILOVER, null, List.of("a secondary already serves or starts"), true, false),
                new Case("during failover the policy waits", "stopping off", 5, "",
                        HIGH, null, null, true, false, null,
                        NONE, null, List.of("failover: waiting for the primary"), true, false),
                new Case("a primary that serves healthy again ends the failover and the policy decides", "serving serving", 0, "",
                        CALM, null, null, true, false, null,
                        NONE, null, List.of("0 of 2 votes"), false, false),
                new Case("a primary still starting keeps the failover", "starting serving", 0, "",
                        CALM, null, null, true, false, null,
                        NONE, null, List.of("failover: waiting for the primary"), true, false),
                // Operator requests.
                new Case("scale up by hand", "serving off", 0, "",
                        CALM, null, null, false, false, up,
                        SCALE_UP, "s1", List.of("manual"), false, true),
                new Case("scale up by hand is held by the cooldown", "serving off", 0, "",
                        CALM, null, 100, false, false, up,
                        NONE, null, List.of("cooldown 200 s left; use --force to act anyway"), false, false),
                new Case("--force acts within the cooldown", "serving off", 0, "",
                        CALM, null, 100, false, false, forceUp,
                        SCALE_UP, "s1", List.of("manual --force"), false, true),
                new Case("a person is not held by the budget", "serving off", 0, "",
                        CALM, null, null, false, true, up,
                        SCALE_UP, "s1", List.of("manual"), false, true),
                new Case("scale up by hand with nothing off", "serving serving", 0, "",
                        CALM, null, null, false, false, up,
                        NONE, null, List.of("nothing to do: no secondary is off"), false, false),
                new Case("scale up by hand puts a draining secondary back", "serving draining", 0, "",
                        CALM, null, null, false, false, up,
                        CANCEL_DRAIN, "s1", List.of("manual"), false, true),
                new Case("scale down by hand drains the newest serving secondary", "serving serving serving", 0, "",
                        HIGH, null, null, false, false, down,
                        SCALE_DOWN, "s2", List.of("manual"), false, true),
                new Case("scale down by hand never stops the primary", "serving off", 0, "",
                        CALM, null, null, false, false, forceDown,
                        NONE, null, List.of("nothing to do: no secondary is serving"), false, false),
                new Case("failover by hand", "serving off", 0, "",
                        CALM, null, 10, false, false, failover,
                        FAILOVER, "s1", List.of("manual failover"), true, true),
                new Case("failover by hand twice", "serving serving", 0, "",
                        CALM, null, null, true, false, failover,
                        NONE, null, List.of("already failed over"), true, false),
                // MIN_INSTANCES: base secondaries are kept on by the loop; the policy neither starts nor drains them.
                new Case("low load drains the newest scalable secondary, never a base one", "serving serving* serving", 0, "",
                        read(3, 0, 5), 600, null, false, false, null,
                        SCALE_DOWN, "s2", List.of("low for 600 of 600 s"), false, true),
                new Case("at the minimum low load drains nothing", "serving serving* serving*", 0, "",
                        read(3, 0, 5), 600, null, false, false, null,
                        NONE, null, List.of("no secondary is serving yet"), false, false),
                new Case("high load starts a scalable secondary, not an off base one", "serving off* off", 0, "",
                        HIGH, null, null, false, false, null,
                        SCALE_UP, "s2", List.of("cpu>70"), false, true),
                new Case("failover starts a scalable secondary while base ones serve", "serving serving* off", 3, "",
                        CALM, null, null, false, false, null,
                        FAILOVER, "s2", List.of("failover ignores cooldown"), true, true),
                new Case("scale down by hand never stops a base secondary", "serving serving*", 0, "",
                        CALM, null, null, false, false, forceDown,
                        NONE, null, List.of("nothing to do: no secondary is serving"), false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        var policy = new GroupPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(c.phases().split(" ").length), 3);
        PolicyState state = new PolicyState(
                Optional.ofNullable(c.lowSinceSecondsAgo()).map(NOW::minusSeconds),
                Optional.ofNullable(c.lastActionSecondsAgo()).map(NOW::minusSeconds),
                c.failover());

        GroupDecision decision = policy.decide(view(c), state, c.overBudget() ? OVER_BUDGET : BudgetGuard.NO_BUDGET,
                Optional.ofNullable(c.request()), NOW);

        assertThat(decision.kind()).isEqualTo(c.kind());
        assertThat(decision.machineId()).isEqualTo(Optional.ofNullable(c.machine()));
        assertThat(decision.reasons()).containsAll(c.reasonsInclude());
        assertThat(decision.next().failover()).isEqualTo(c.nextFailover());
        assertThat(decision.next().lastAction()).isEqualTo(c.cooldownRestarts() ? Optional.of(NOW) : state.lastAction());
    }

    private static GroupView view(Case c) {
        String[] phases = c.phases().split(" ");
        List<MachineView> machines = new ArrayList<>();
        for (int i = 0; i < phases.length; i++) {
            String id = i == 0 ? "p" : "s" + i;
            boolean base = phases[i].endsWith("*");
            MachinePhase phase = MachinePhase.valueOf(phases[i].replace("*", "").toUpperCase(Locale.ROOT));
            MachineRole role = i == 0 ? MachineRole.PRIMARY : base ? MachineRole.BASE : MachineRole.SECONDARY;
            machines.add(new MachineView(id, role, phase,
                    i == 0 ? c.primaryHealthFailures() : 0,
                    c.backingOff().equals(id) ? NOW.plusSeconds(60) : Instant.MIN));
        }
        return new GroupView(machines, c.reading());
    }

    /** Metrics of {@code serving} instances with no GPU, no queue and a fast response. */
    private static MetricsReading read(int serving, int users, double cpu) {
        return MetricsReading.complete(new GroupMetrics(serving, users, cpu, OptionalDouble.empty(), 0, 100));
    }
}
