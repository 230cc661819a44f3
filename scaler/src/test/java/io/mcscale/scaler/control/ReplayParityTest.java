package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.replay.Replay;
import io.mcscale.core.replay.ReplayAction;
import io.mcscale.core.replay.TraceRow;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.CostSettings;
import io.mcscale.scaler.store.DecisionRecord;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.MutableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay and the daemon run the same decision code, so on the same trace they take the same
 * actions, at the same times, for the same reasons. The daemon here is the real control loop, with
 * its platforms as loopback HTTP servers whose metrics add up to each trace row (the primary reports
 * the users and the queue, every serving machine the row's CPU and response time), a fake provider
 * whose machines boot and stop between two polls, and a {@link MutableClock} moved 30 s per row.
 */
class ReplayParityTest {
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(1800);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    private final Instant start = clock.instant();
    private final List<FakePlatformServer> platforms = new ArrayList<>();
    private EventStore store;

    @AfterEach
    void stop() {
        platforms.forEach(FakePlatformServer::close);
        if (store != null) {
            store.close();
        }
    }

    @Test
    void shouldCancelTheSameDrainAsReplayWhenLoadReturnsWithinTheCooldown() throws IOException {
        List<TraceRow> trace = new ArrayList<>();
        for (int t = 0; t <= 2100; t += 30) {
            boolean high = t == 0 || (t >= 660 && t < 1230);
            trace.add(high ? row(t, 8, 80) : row(t, 0, 5));
        }
        // The secondary keeps one simulation running, so its drains last until the drain timeout.
        List<String> daemon = daemonActions(trace, 2, OptionalDouble.empty(), 1);
        List<String> replay = replayActions(trace, 2, DRAIN_TIMEOUT, Replay.Budget.NONE);

        assertThat(daemon).containsExactlyElementsOf(replay);
        assertThat(daemon).containsExactly(
                "0 scale_up [active_users>=6, cpu>70]",
                "630 scale_down [active_users<=4, cpu<30, queue==0, response<1s, low for 600 of 600 s]",
                "660 cancel_drain [active_users>=6, cpu>70]",
                "1830 scale_down [active_users<=4, cpu<30, queue==0, response<1s, low for 600 of 600 s]");
    }

    @Test
    void shouldHoldBackTheSameScaleUpAsReplayWhileTwoMachinesWouldPassTheBudget() throws IOException {
        List<TraceRow> trace = new ArrayList<>();
        for (int t = 0; t <= 1800; t += 30) {
            boolean high = t < 630 || t >= 1320;
            trace.add(high ? row(t, 14, 80) : row(t, 0, 5));
        }
        // March, from 09:00 on the 2nd: 711 h left. One machine projects to about $378, two to about $740.
        double budget = 500;
        List<String> daemon = daemonActions(trace, 3, OptionalDouble.of(budget), 0);
        List<String> replay = replayActions(trace, 3, Duration.ZERO, (at, billed) -> billed >= 2
                ? new BudgetGuard.Verdict(true, OptionalDouble.of(budget), 740, "budget: over") : BudgetGuard.NO_BUDGET);

        assertThat(daemon).containsExactlyElementsOf(replay);
        assertThat(daemon).extracting(a -> a.split(" ")[0] + " " + a.split(" ")[1])
                .containsExactly("0 scale_up", "1230 scale_down", "1530 scale_up");
        assertThat(store.recentDecisions(200)).anySatisfy(d -> assertThat(d.reasons())
                .anySatisfy(r -> assertThat(r).startsWith("budget: month projected at $7").contains("> MONTHLY_BUDGET_USD $500.00")));
    }

    /** Runs the trace through the control loop, one tick per row; returns its actions as "time action [reasons]". */
    private List<String> daemonActions(List<TraceRow> trace, int machines, OptionalDouble budget, int secondaryRunning)
            throws IOException {
        Map<String, MachineState> states = new LinkedHashMap<>();
        List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            FakePlatformServer platform = new FakePlatformServer();
            platforms.add(platform);
            String id = "ps-" + (i + 1);
            states.put(id, i == 0 ? MachineState.READY : MachineState.OFF);
            specs.add(new InstanceSpec(id, Optional.of(URI.create("http://" + platform.backend()))));
        }
        FakeProvider provider = new FakeProvider(states);
        store = EventStore.open(dir.resolve("events.db"));
        AutoscalerController controller = AutoscalerController.create(
                new InstanceGroup(specs.get(0), specs.subList(1, machines)),
                new GroupPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(machines), 3), provider,
                new RecordingBalancer(), new PlatformClient(Duration.ofSeconds(10), "platform-token"), store,
                new MachineTimings(Duration.ofSeconds(600), Duration.ofSeconds(600), DRAIN_TIMEOUT, Duration.ofSeconds(30)),
                false, new ControlMetrics(new PrometheusRegistry()), new CostSettings(budget, 0.51, 5),
                TestControllers.NOT_ON_THE_PRIMARY);

        for (TraceRow row : trace) {
            clock.set(start.plusSeconds((long) row.timeSeconds()));
            platforms.get(0).metricsBody = AutoscalerControllerTest.metrics(row.activeUsers(), row.cpuUsage(),
                    row.simulationQueueLength(), row.avgResponseTimeMs(), 0);
            for (FakePlatformServer secondary : platforms.subList(1, machines)) {
                secondary.metricsBody = AutoscalerControllerTest.metrics(0, row.cpuUsage(), 0, row.avgResponseTimeMs(),
                        secondaryRunning);
            }
            controller.tick(clock.instant());
            // Machines boot and stop between two polls, as replay's machines do without --boot-seconds.
            provider.states.replaceAll((id, s) -> s == MachineState.STARTING ? MachineState.READY
                    : s == MachineState.STOPPING ? MachineState.OFF : s);
        }
        List<DecisionRecord> decisions = new ArrayList<>(store.recentDecisions(10_000));
        java.util.Collections.reverse(decisions);
        return decisions.stream().filter(d -> !d.outcome().equals("none"))
                .map(d -> Duration.between(start, d.at()).toSeconds() + " " + d.outcome() + " " + d.reasons()).toList();
    }

    private static List<String> replayActions(List<TraceRow> trace, int machines, Duration drainTime, Replay.Budget budget) {
        List<ReplayAction> actions = new ArrayList<>();
        new Replay(new GroupPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(machines), 3), Duration.ZERO, drainTime,
                budget).run(trace, actions::add);
        return actions.stream().map(a -> (long) a.timeSeconds() + " " + a.action() + " " + a.reasons()).toList();
    }

    private static TraceRow row(int timeSeconds, int users, double cpu) {
        return new TraceRow(timeSeconds, users, cpu, OptionalDouble.empty(), 0, 100);
    }
}
