package io.mcscale.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.model.UserTier;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.TierRule;
import io.mcscale.core.policy.TierRules;
import io.mcscale.testkit.Traces;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayTest {
    @Test
    void shouldPrintTheContractsLinesForTheGuideDay() {
        List<String> lines = replay("guide-day.csv", PolicySettings.GUIDE_DEFAULTS, Duration.ZERO);

        assertThat(lines).containsExactly(
                "{\"time_s\":600,\"action\":\"scale_up\",\"instances\":2,\"reasons\":[\"active_users>=6\",\"cpu>70\"]}",
                "{\"time_s\":5730,\"action\":\"scale_down\",\"instances\":1,\"reasons\":"
                        + "[\"active_users<=4\",\"cpu<30\",\"gpu<40\",\"queue==0\",\"response<1s\",\"low for 600 of 600 s\"]}");
    }

    @Test
    void shouldLeaveABlankGpuOutOfBothVotes() {
        List<String> lines = replay("no-gpu.csv", PolicySettings.GUIDE_DEFAULTS, Duration.ZERO);

        assertThat(lines).containsExactly(
                "{\"time_s\":300,\"action\":\"scale_up\",\"instances\":2,\"reasons\":[\"queue>5\",\"response>3s\"]}",
                "{\"time_s\":1800,\"action\":\"scale_down\",\"instances\":1,\"reasons\":"
                        + "[\"active_users<=4\",\"cpu<30\",\"queue==0\",\"response<1s\",\"low for 600 of 600 s\"]}");
    }

    /**
     * Contract 1: a platform without a GPU sends gpu_usage 0 with gpu_count 0, and the scaler leaves
     * GPU out. Under the guide's thresholds a GPU of 0 can neither vote up (0 > 80) nor block a
     * scale-down (0 < 40), so a scaler that reads the 0 as a value takes the same actions.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"guide-day.csv", "no-gpu.csv", "surge.csv"})
    void shouldTakeTheSameActionsWithAGpuOfZeroAsWithGpuLeftOut(String trace) {
        List<TraceRow> rows = TraceParser.parse(Traces.open(trace), trace);
        PolicySettings pool = PolicySettings.GUIDE_DEFAULTS.withMaxInstances(4);
        List<ReplayAction> zero = actions(withGpu(rows, OptionalDouble.of(0)), pool);
        List<ReplayAction> leftOut = actions(withGpu(rows, OptionalDouble.empty()), pool);

        assertThat(zero).isNotEmpty();
        assertThat(zero).extracting(ReplayAction::timeSeconds, ReplayAction::action, ReplayAction::instances)
                .isEqualTo(leftOut.stream().map(a -> tuple(a.timeSeconds(), a.action(), a.instances())).toList());
        // The reasons differ only in naming the GPU condition that held.
        assertThat(zero).extracting(a -> a.reasons().stream().filter(r -> !r.equals("gpu<40")).toList())
                .isEqualTo(leftOut.stream().map(ReplayAction::reasons).toList());
    }

    @Test
    void shouldGrowAPoolOnceACooldownAndShrinkItOneSustainedLowSpellAtATime() {
        List<ReplayAction> actions = actions("surge.csv", PolicySettings.GUIDE_DEFAULTS.withMaxInstances(4), Duration.ZERO);

        assertThat(actions).extracting(ReplayAction::action)
                .containsExactly("scale_up", "scale_up", "scale_up", "scale_down", "scale_down", "scale_down");
        assertThat(actions).extracting(ReplayAction::instances).containsExactly(2, 3, 4, 3, 2, 1);
        // Each scale-down restarts the low-load clock: the smaller group must prove 600 s of low load again.
        assertThat(actions).extracting(ReplayAction::timeSeconds).containsExactly(390.0, 690.0, 990.0, 4200.0, 4830.0, 5460.0);
    }

    @Test
    void shouldNotCountABootingMachineAsServing() {
        // With a 20-minute boot the first secondary is not serving yet when the cooldown ends, so the
        // user threshold is still 6 (one serving), not 12.
        List<ReplayAction> instant = actions("surge.csv", PolicySettings.GUIDE_DEFAULTS.withMaxInstances(4), Duration.ZERO);
        List<ReplayAction> slow = actions("surge.csv", PolicySettings.GUIDE_DEFAULTS.withMaxInstances(4), Duration.ofMinutes(20));

        assertThat(instant.get(1).reasons()).containsExactly("active_users>=12", "cpu>70");
        assertThat(slow.get(1).reasons()).containsExactly("active_users>=6", "cpu>70");
        assertThat(slow.get(1).instances()).isEqualTo(3);
    }

    @Test
    void shouldSumTheInstanceHoursOfTheReplay() {
        ReplaySummary summary = new Replay(PolicySettings.GUIDE_DEFAULTS, Duration.ZERO)
                .run(TraceParser.parse(Traces.open("guide-day.csv"), "guide-day.csv"), action -> { });

        assertThat(summary.rows()).isEqualTo(301);
        assertThat(summary.traceHours()).isEqualTo(2.5);
        // one instance for 9000 s, plus the secondary from 600 s to 5730 s
        assertThat(summary.instanceHours()).isCloseTo((9000 + 5130) / 3600.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldScaleUpOnATiersVoteFromTheOptionalTierColumns() {
        String header = TraceParser.HEADER + "," + TraceParser.TIER_COLUMNS + "\n";
        String quiet = ",1,20,,0,100,";
        String csv = header
                + "0" + quiet + ",,,,,,,,,,,\n"
                + "30" + quiet + "0,0,0,0,0,0,0,0,1,0,0.4,0.5\n"
                + "60" + quiet + "3,0,9,12,0,0,0,0,1,1,2.5,4\n";
        PolicySettings enterpriseWait1s = PolicySettings.GUIDE_DEFAULTS.withTierRules(new TierRules(List.of(
                new TierRule(UserTier.ENTERPRISE, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                        OptionalDouble.of(1), OptionalDouble.empty(), 1))));
        List<ReplayAction> actions = new ArrayList<>();

        new Replay(enterpriseWait1s, Duration.ZERO).run(TraceParser.parse(new BufferedReader(new StringReader(csv)), "t.csv"), actions::add);

        // Free waits 9 s at 60 s too, but free has no rule; enterprise's 2.5 s is over its 1 s.
        assertThat(actions).extracting(ReplayAction::timeSeconds, ReplayAction::action, ReplayAction::reasons)
                .containsExactly(tuple(60.0, "scale_up", List.of("enterprise:wait>1s")));
    }

    @Test
    void shouldCancelADrainWhenLoadReturnsWithinTheCooldown() {
        List<ReplayAction> actions = new ArrayList<>();
        new Replay(new GroupPolicy(PolicySettings.GUIDE_DEFAULTS, 3), Duration.ZERO, Duration.ofSeconds(600),
                Replay.Budget.NONE).run(highLowHigh(), actions::add);

        assertThat(actions).extracting(ReplayAction::action).containsExactly("scale_up", "scale_down", "cancel_drain");
        assertThat(actions).extracting(ReplayAction::timeSeconds).containsExactly(0.0, 630.0, 660.0);
        assertThat(actions).extracting(ReplayAction::instances).containsExactly(2, 1, 2);
    }

    @Test
    void shouldNotCancelAnythingWhenMachinesStopAtOnce() {
        List<ReplayAction> actions = new ArrayList<>();
        new Replay(PolicySettings.GUIDE_DEFAULTS, Duration.ZERO).run(highLowHigh(), actions::add);

        assertThat(actions).extracting(ReplayAction::action).containsExactly("scale_up", "scale_down", "scale_up");
        assertThat(actions).extracting(ReplayAction::timeSeconds).containsExactly(0.0, 630.0, 930.0);
    }

    @Test
    void shouldStartNothingWhileTheBudgetHoldsScaleUpsBack() {
        var over = new BudgetGuard.Verdict(true, OptionalDouble.of(300), 373, "budget: over");
        List<ReplayAction> actions = new ArrayList<>();
        new Replay(new GroupPolicy(PolicySettings.GUIDE_DEFAULTS, 3), Duration.ZERO, Duration.ZERO,
                (at, billed) -> at.isBefore(Replay.EPOCH.plusSeconds(900)) ? over : BudgetGuard.NO_BUDGET)
                .run(highLowHigh(), actions::add);

        assertThat(actions).extracting(ReplayAction::action).containsExactly("scale_up");
        assertThat(actions).extracting(ReplayAction::timeSeconds).containsExactly(900.0);
    }

    /** High load at 0 s, low from 30 s to 630 s, high again from 660 s to 990 s: one row every 30 s. */
    private static List<TraceRow> highLowHigh() {
        List<TraceRow> rows = new ArrayList<>();
        for (int t = 0; t <= 990; t += 30) {
            boolean high = t == 0 || t >= 660;
            rows.add(high ? new TraceRow(t, 8, 80, OptionalDouble.empty(), 0, 100)
                    : new TraceRow(t, 0, 5, OptionalDouble.empty(), 0, 100));
        }
        return rows;
    }

    private static List<TraceRow> withGpu(List<TraceRow> rows, OptionalDouble gpu) {
        return rows.stream().map(r -> new TraceRow(r.timeSeconds(), r.activeUsers(), r.cpuUsage(), gpu,
                r.simulationQueueLength(), r.avgResponseTimeMs())).toList();
    }

    private static List<ReplayAction> actions(List<TraceRow> rows, PolicySettings settings) {
        List<ReplayAction> actions = new ArrayList<>();
        new Replay(settings, Duration.ZERO).run(rows, actions::add);
        return actions;
    }

    private static List<String> replay(String trace, PolicySettings settings, Duration boot) {
        return actions(trace, settings, boot).stream().map(ReplayAction::toJson).toList();
    }

    private static List<ReplayAction> actions(String trace, PolicySettings settings, Duration boot) {
        List<ReplayAction> actions = new ArrayList<>();
        new Replay(settings, boot).run(TraceParser.parse(Traces.open(trace), trace), actions::add);
        return actions;
    }
}
