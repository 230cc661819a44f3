package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.UserTier;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.PolicyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupSimulationTest {
    private static final GroupShape ONE_WORKER = new GroupShape(1, 100, 30, 300, 0.51, 3);

    /** A rule that starts and drains the first secondary at given times, recording what it saw. */
    static final class ScriptedRule implements GroupRule {
        final double upAt;
        final double downAt;
        final List<PollView> seen = new ArrayList<>();

        ScriptedRule(double upAt, double downAt) {
            this.upAt = upAt;
            this.downAt = downAt;
        }

        @Override
        public GroupDecision decide(PollView view, java.time.Instant now) {
            seen.add(view);
            if (view.timeSeconds() == upAt) {
                return new GroupDecision(GroupDecision.Kind.SCALE_UP, Optional.of("secondary-1"), List.of("script"), PolicyState.INITIAL);
            }
            if (view.timeSeconds() == downAt) {
                return new GroupDecision(GroupDecision.Kind.SCALE_DOWN, Optional.of("secondary-1"), List.of("script"), PolicyState.INITIAL);
            }
            return new GroupDecision(GroupDecision.Kind.NONE, Optional.empty(), List.of(), PolicyState.INITIAL);
        }
    }

    @Test
    void shouldBillEachMachineFromItsStartRequestUntilItsDrainEnds() {
        // A runs 0-1000 on the primary. B waits from 10 until the secondary, started at 60, serves at 160;
        // it runs 160-560. The scale-down at 300 drains the secondary, which stops when B ends at 560.
        // Billed: primary 0-1000 s + secondary 60-560 s = 1500 s = 0.41667 h, at 0.51 USD/h = 0.2125 USD.
        Demand demand = Demands.builder().row(0, "a", 1000).row(10, "b", 400).build();

        PlanOutcome outcome = new GroupSimulation(demand, ONE_WORKER).scaled("scripted", new ScriptedRule(60, 300), 2, null);

        assertThat(outcome.instanceHours()).isCloseTo(1500 / 3600.0, within(1e-12));
        assertThat(outcome.costUsd()).isCloseTo(0.2125, within(1e-12));
        assertThat(outcome.meanWaitSeconds()).isEqualTo(75);
        assertThat(outcome.p95WaitSeconds()).isEqualTo(150);
        assertThat(outcome.slowSimulations()).isEqualTo(1);
        assertThat(outcome.actions()).isEqualTo(2);
        assertThat(outcome.maxInstances()).isEqualTo(2);
        assertThat(outcome.toJson()).isEqualTo("{\"policy\":\"scripted\",\"simulations\":2,\"instance_hours\":0.42,"
                + "\"cost_usd\":0.21,\"mean_wait_s\":75,\"p95_wait_s\":150,\"slow_simulations\":1,\"slow_fraction\":0.5,"
                + "\"actions\":2,\"max_instances\":2}");
    }

    @Test
    void shouldBillAlwaysOnMachinesForTheWholeHorizonRoundingUpToTheSecond() {
        // The horizon ends when the last simulation ends: 7200.2 s, billed as 7201 s per machine.
        Demand demand = Demands.builder().row(0, "a", 7200.2).build();

        PlanOutcome outcome = new GroupSimulation(demand, ONE_WORKER).alwaysOn("always-on:2", 2, null);

        assertThat(outcome.instanceHours()).isCloseTo(2 * 7201 / 3600.0, within(1e-12));
        assertThat(outcome.costUsd()).isCloseTo(2 * 7201 / 3600.0 * 0.51, within(1e-12));
        assertThat(outcome.actions()).isZero();
    }

    @Test
    void shouldClaimForTheUserWithFewestRunningBeforeAnOlderSimulationOfABusyUser() {
        // Two workers: a1 and a2 start at 0. b1 (t=1) and a3 (t=0) wait. When a1 ends at 10, user a still
        // runs a2 and b runs nothing, so b1 goes first although a3 is older; a3 starts when b1 ends at 15.
        Demand demand = Demands.builder().row(0, "a", 10).row(0, "a", 20).row(0, "a", 5).row(1, "b", 5).build();
        GroupShape twoWorkers = new GroupShape(2, 0, 30, 300, 0.51, 3);

        PlanOutcome outcome = new GroupSimulation(demand, twoWorkers).alwaysOn("always-on:1", 1, null);

        // waits: a1 0, a2 0, a3 15, b1 9 (first come, first served would give a3 10 and b1 14)
        assertThat(outcome.meanWaitSeconds()).isEqualTo((0 + 0 + 15 + 9) / 4.0);
        assertThat(outcome.p95WaitSeconds()).isEqualTo(15);
    }

    @Test
    void shouldShowTheRuleTheMetricsAsThePlatformReportsThem() {
        // One worker. At 30: A runs (since 0), B (t=5) and C (t=6) wait; users a, b, c active; nothing started since 0.
        // At 60: A ended at 40, B started at 40 (waited 35 s); C still waits.
        Demand demand = Demands.builder().row(0, "a", 40).row(5, "b", 100).row(6, "c", 10).build();
        ScriptedRule rule = new ScriptedRule(-1, -1);

        new GroupSimulation(demand, ONE_WORKER).scaled("watch", rule, 2, null);

        List<MachinePhase> primaryAlone = List.of(MachinePhase.SERVING, MachinePhase.OFF);
        // Every row is free without a tier column. Free's mean wait counts the waiting ones' ages: (25 + 24) / 2 at 30,
        // then B's 35 s and C's 54 s at 60.
        assertThat(rule.seen.get(1)).isEqualTo(new PollView(30, primaryAlone, 1, 3, 1, 2, 0, freeOnly(new TierLoad(3, 2, 24.5, 24.5))));
        assertThat(rule.seen.get(2)).isEqualTo(new PollView(60, primaryAlone, 1, 3, 1, 1, 35_000, freeOnly(new TierLoad(3, 1, 44.5, 44.5))));
        assertThat(rule.seen.get(2).cpuPercent()).isEqualTo(100);
    }

    @Test
    void shouldShowTheRuleAStartingThenServingThenDrainingSecondary() {
        Demand demand = Demands.builder().row(0, "a", 1000).row(10, "b", 400).build();
        ScriptedRule rule = new ScriptedRule(60, 300);

        new GroupSimulation(demand, ONE_WORKER).scaled("watch", rule, 2, null);

        assertThat(rule.seen.get(3).phases()).containsExactly(MachinePhase.SERVING, MachinePhase.STARTING);
        assertThat(rule.seen.get(3).instances()).isEqualTo(2);
        assertThat(rule.seen.get(3).serving()).isEqualTo(1);
        assertThat(rule.seen.get(6).phases()).containsExactly(MachinePhase.SERVING, MachinePhase.SERVING);
        assertThat(rule.seen.get(11).phases()).containsExactly(MachinePhase.SERVING, MachinePhase.DRAINING);
        assertThat(rule.seen.get(19).phases()).containsExactly(MachinePhase.SERVING, MachinePhase.OFF);
    }

    @Test
    void shouldPutADrainingMachineBackIntoServiceWhenTheRuleCancelsTheDrain() {
        // B runs on the secondary 160-560; drained at 300, put back at 330: it serves again, so C (submitted at 400)
        // starts on it when B ends at 560, not on the primary at 1000; and it is billed from 60 until the end, without a gap.
        Demand demand = Demands.builder().row(0, "a", 1000).row(10, "b", 400).row(400, "c", 50).build();
        GroupRule rule = new GroupRule() {
            final ScriptedRule script = new ScriptedRule(60, 300);

            @Override
            public GroupDecision decide(PollView view, java.time.Instant now) {
                if (view.timeSeconds() == 330) {
                    return new GroupDecision(GroupDecision.Kind.CANCEL_DRAIN, Optional.of("secondary-1"), List.of("load back"),
                            PolicyState.INITIAL);
                }
                return script.decide(view, now);
            }
        };

        PlanOutcome outcome = new GroupSimulation(demand, ONE_WORKER).scaled("cancel", rule, 2, null);

        assertThat(outcome.actions()).isEqualTo(3);
        assertThat(outcome.meanWaitSeconds()).isEqualTo((0 + 150 + 160) / 3.0);
        assertThat(outcome.instanceHours()).isCloseTo((1000 + 940) / 3600.0, within(1e-12));
    }

    @Test
    void shouldForgetAUserOnceTheWindowHasPassedSinceTheirLastResult() {
        // a's only simulation ends at 10; with a 300-s window, a counts at 300 and not at 330.
        Demand demand = Demands.builder().row(0, "a", 10).row(400, "b", 1).build();
        ScriptedRule rule = new ScriptedRule(-1, -1);

        new GroupSimulation(demand, ONE_WORKER).scaled("watch", rule, 2, null);

        assertThat(rule.seen.get(10).activeUsers()).isEqualTo(1);
        assertThat(rule.seen.get(11).activeUsers()).isZero();
    }

    @Test
    void shouldGiveByteIdenticalResultsForTheSameDemand() {
        Demand demand = Demands.poisson(7, 5000, 0.05, 120);
        GroupShape shape = new GroupShape(4, 120, 30, 300, 0.51, 3);

        String first = new GroupSimulation(demand, shape).scaled("g", new ScriptedRule(600, 9000), 3, null).toJson();
        String second = new GroupSimulation(demand, shape).scaled("g", new ScriptedRule(600, 9000), 3, null).toJson();

        assertThat(first).isEqualTo(second);
    }

    private static Map<UserTier, TierLoad> freeOnly(TierLoad free) {
        return Map.of(UserTier.FREE, free, UserTier.PRO, TierLoad.IDLE, UserTier.ENTERPRISE, TierLoad.IDLE);
    }
}
