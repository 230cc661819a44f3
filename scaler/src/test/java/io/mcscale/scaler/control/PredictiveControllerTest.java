package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.scaler.collect.FakePlatformServer;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PREDICTIVE_SCALING=true in the control loop: the event store holds a week of decisions recorded
 * by an earlier run (weekdays 14 users from 09:00 to 11:00, one user otherwise); the loop runs on
 * the Monday after, against a recording fake provider and balancer and loopback platforms, each
 * tick 30 s after the last.
 */
class PredictiveControllerTest {
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    private static final String LOW = AutoscalerControllerTest.metrics(1, 10, 0, 100, 0);
    private static final String HIGH = AutoscalerControllerTest.metrics(7, 80, 0, 100, 0);

    @TempDir
    Path dir;

    @Test
    void shouldStartTheSecondaryBeforeTheForecastPeakWhereTheGuideWaitsButNotOverTheBudget() throws IOException {
        try (Rig predictive = new Rig(dir.resolve("predictive"), true, TestControllers.NO_BUDGET);
                Rig guide = new Rig(dir.resolve("guide"), false, TestControllers.NO_BUDGET);
                Rig overBudget = new Rig(dir.resolve("budget"), true, new CostSettings(OptionalDouble.of(1), 0.51, 5))) {
            for (Rig rig : List.of(predictive, guide, overBudget)) {
                rig.clock.set(Instant.parse("2026-03-02T08:50:00Z"));
                rig.primary.metricsBody = LOW;
                while (rig.provider.startsAndStops().isEmpty() && rig.clock.instant().isBefore(NINE)) {
                    rig.tick();
                }
            }

            assertThat(predictive.provider.startsAndStops()).containsExactly("start ps-2");
            assertThat(predictive.clock.instant()).isBefore(NINE.minusSeconds(240));
            assertThat(predictive.store.recentDecisions(5)).anySatisfy(d -> {
                assertThat(d.outcome()).isEqualTo("scale_up");
                assertThat(d.reasons()).containsExactly("forecast 14 users at 09:00", "pre-warm 300 s ahead");
            });
            assertThat(guide.provider.startsAndStops()).isEmpty();
            // A month projected above MONTHLY_BUDGET_USD holds the forecast's scale-up as it holds the guide's.
            assertThat(overBudget.provider.startsAndStops()).isEmpty();
        }
    }

    @Test
    void shouldNeverStopTheSecondaryEarlierThanTheGuideAndHoldItOnlyWhileTheForecastIsRight() throws IOException {
        Instant predictiveDrain;
        Instant guideDrain;
        List<DecisionRecord> predictiveDecisions;
        try (Rig predictive = new Rig(dir.resolve("predictive"), true, TestControllers.NO_BUDGET);
                Rig guide = new Rig(dir.resolve("guide"), false, TestControllers.NO_BUDGET)) {
            // Busy from 08:30 to 08:45, then (a holiday) nobody comes at 09:00.
            predictiveDrain = predictive.firstDrainAfterBusyUntil(Instant.parse("2026-03-02T08:45:00Z"));
            guideDrain = guide.firstDrainAfterBusyUntil(Instant.parse("2026-03-02T08:45:00Z"));
            predictiveDecisions = predictive.store.decisionsSince(MONDAY, 1000);
        }

        assertThat(guideDrain).isBefore(NINE);
        assertThat(predictiveDrain).isAfter(guideDrain);
        assertThat(predictiveDecisions).anySatisfy(d -> assertThat(d.reasons()).contains("held: forecast 14 users at 09:00"));
        // The 09:00 users did not come: the forecast is not trusted in the next slot, and the drain goes ahead.
        assertThat(predictiveDrain).isBefore(NINE.plus(Duration.ofMinutes(30)));
    }

    /** One daemon: its platforms, provider, balancer and event store with last week's decisions. */
    private static final class Rig implements AutoCloseable {
        final MutableClock clock = MutableClock.startingAt("2026-03-02T08:30:00Z");
        final FakePlatformServer primary = new FakePlatformServer();
        final FakePlatformServer secondary = new FakePlatformServer();
        final FakeProvider provider = new FakeProvider(Map.of("ps-1", MachineState.READY, "ps-2", MachineState.OFF));
        final RecordingBalancer balancer = new RecordingBalancer();
        final EventStore store;
        final AutoscalerController controller;

        Rig(Path dir, boolean predictive, CostSettings cost) throws IOException {
            java.nio.file.Files.createDirectories(dir);
            store = EventStore.open(dir.resolve("events.db"));
            for (Instant t = MONDAY.minus(Duration.ofDays(7)); t.isBefore(MONDAY); t = t.plus(Duration.ofMinutes(15))) {
                store.recordDecision(t, GroupDecision.Kind.NONE, List.of("low load"), Map.of("instances", 1,
                        "active_users", PredictiveScalingTest.officeDayUsers(t), "simulation_queue_length", 0));
            }
            InstanceGroup group = new InstanceGroup(spec("ps-1", primary), List.of(spec("ps-2", secondary)));
            controller = TestControllers.controller(group, provider, balancer, store, false, new PrometheusRegistry(), cost);
            if (predictive) {
                controller.predictive(new PredictiveScaling(PolicySettings.GUIDE_DEFAULTS, Duration.ofSeconds(300),
                        Duration.ofSeconds(30)));
            }
        }

        void tick() {
            clock.advanceSeconds(30);
            controller.tick(clock.instant());
        }

        /** Scales up on high load, keeps it high until {@code busyUntil}, then low: when the secondary began to drain. */
        Instant firstDrainAfterBusyUntil(Instant busyUntil) {
            primary.metricsBody = HIGH;
            controller.tick(clock.instant());
            assertThat(provider.startsAndStops()).containsExactly("start ps-2");
            provider.states.put("ps-2", MachineState.READY);
            secondary.metricsBody = HIGH;
            while (clock.instant().isBefore(busyUntil)) {
                tick();
            }
            assertThat(balancer.live()).hasSize(2);
            primary.metricsBody = LOW;
            secondary.metricsBody = AutoscalerControllerTest.metrics(0, 5, 0, 50, 0);
            Instant end = NINE.plus(Duration.ofHours(2));
            while (balancer.live().size() == 2 && clock.instant().isBefore(end)) {
                tick();
            }
            assertThat(balancer.live()).as("drained before " + end).hasSize(1);
            return clock.instant();
        }

        private static InstanceSpec spec(String id, FakePlatformServer server) {
            return new InstanceSpec(id, Optional.of(URI.create("http://" + server.backend())));
        }

        @Override
        public void close() {
            primary.close();
            secondary.close();
            store.close();
        }
    }
}
