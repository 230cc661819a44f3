package io.mcscale.scaler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.GroupDecision;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldComputeBilledIntervalsFromStateChangesClippedToTheWindow() {
        try (EventStore store = EventStore.open(dir.resolve("events.db"))) {
            store.recordState(T0, "ps-2", MachineState.OFF);
            store.recordState(T0.plusSeconds(600), "ps-2", MachineState.STARTING);
            store.recordState(T0.plusSeconds(660), "ps-2", MachineState.READY);
            store.recordState(T0.plusSeconds(3600), "ps-2", MachineState.STOPPING);
            store.recordState(T0.plusSeconds(3660), "ps-2", MachineState.OFF);
            store.recordState(T0, "ps-1", MachineState.READY);

            List<InstanceInterval> intervals = store.instanceIntervals(T0.plusSeconds(1200), T0.plusSeconds(7200));

            assertThat(intervals).containsExactlyInAnyOrder(
                    new InstanceInterval("ps-1", T0.plusSeconds(1200), T0.plusSeconds(7200)),
                    new InstanceInterval("ps-2", T0.plusSeconds(1200), T0.plusSeconds(3660)));
            assertThat(intervals.stream().mapToDouble(InstanceInterval::hours).sum())
                    .isCloseTo(6000.0 / 3600 + 2460.0 / 3600, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void shouldCheckThatItCanWriteWithoutLeavingADecisionInTheHistory() {
        try (EventStore store = EventStore.open(dir.resolve("events.db"))) {
            store.checkWritable();

            assertThat(store.recentDecisions(10)).isEmpty();
            store.recordDecision(T0, GroupDecision.Kind.NONE, List.of("after the check"), Map.of());
            assertThat(store.recentDecisions(10)).hasSize(1);
        }
    }

    @Test
    void shouldRecordAStateOnlyWhenItChanges() {
        try (EventStore store = EventStore.open(dir.resolve("events.db"))) {
            assertThat(store.recordState(T0, "ps-1", MachineState.READY)).isTrue();
            assertThat(store.recordState(T0.plusSeconds(30), "ps-1", MachineState.READY)).isFalse();
            assertThat(store.recordState(T0.plusSeconds(60), "ps-1", MachineState.STOPPING)).isTrue();
            assertThat(store.lastState("ps-1")).contains(MachineState.STOPPING);
            assertThat(store.lastState("ps-9")).isEmpty();
        }
    }

    @Test
    void shouldRememberUnfinishedActionsAndDecisionsAcrossReopening() {
        Path file = dir.resolve("events.db");
        try (EventStore store = EventStore.open(file)) {
            long done = store.actionStarted(T0, ActionKind.SCALE_UP, "ps-2");
            store.actionEnded(done, T0.plus(Duration.ofSeconds(40)), ActionResult.OK, "ready and healthy");
            store.actionStarted(T0.plusSeconds(900), ActionKind.SCALE_DOWN, "ps-2");
            store.recordDecision(T0.plusSeconds(900), GroupDecision.Kind.SCALE_DOWN, List.of("low for 600 of 600 s"),
                    Map.of("active_users", 1));
        }
        try (EventStore store = EventStore.open(file)) {
            assertThat(store.unfinishedActions()).singleElement()
                    .satisfies(a -> assertThat(a.kind()).isEqualTo(ActionKind.SCALE_DOWN))
                    .satisfies(a -> assertThat(a.finished()).isFalse());
            assertThat(store.lastSuccessfulScalingAction()).contains(T0);
            assertThat(store.recentDecisions(5)).singleElement()
                    .satisfies(d -> assertThat(d.reasons()).containsExactly("low for 600 of 600 s"))
                    .satisfies(d -> assertThat(d.inputsJson()).contains("\"active_users\":1"));
            assertThat(store.recentActions(1)).singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo(ActionKind.SCALE_DOWN));
        }
    }

    @Test
    void shouldKeepTheStoredWordsThatExistingDatabasesAndTheCostReportRead() throws SQLException {
        Path file = dir.resolve("events.db");
        try (EventStore store = EventStore.open(file)) {
            long id = store.actionStarted(T0, ActionKind.FAILOVER, "ps-1");
            store.actionEnded(id, T0.plusSeconds(60), ActionResult.OK, "primary healthy again");
            store.recordDecision(T0, GroupDecision.Kind.CANCEL_DRAIN, List.of("cpu>70"), Map.of());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet action = s.executeQuery("SELECT kind, result FROM actions")) {
            assertThat(action.next()).isTrue();
            assertThat(action.getString(1)).isEqualTo("failover");
            assertThat(action.getString(2)).isEqualTo("ok");
        }
        assertThat(ActionKind.SCALING).extracting(ActionKind::word).containsExactlyInAnyOrder("scale_up", "scale_down", "failover");
        assertThat(List.of(ActionKind.values())).extracting(ActionKind::word).containsExactly("scale_up", "scale_down",
                "failover", "adopt", "start_primary", "retry_start", "stop_failed_start", "restart_primary", "reboot_primary",
                "restart_platform", "retry_stop",
                "health_event", "capacity_check", "placement", "provider_retry", "start_base");
        assertThat(List.of(ActionResult.values())).extracting(ActionResult::word)
                .containsExactly("ok", "failed", "cancelled", "interrupted", "superseded");
        assertThat(List.of(GroupDecision.Kind.values())).extracting(GroupDecision.Kind::word)
                .containsExactly("none", "scale_up", "scale_down", "cancel_drain", "failover");
    }

    @Test
    void shouldCountTheCooldownFromAScalingActionWrittenByAnEarlierVersion() throws SQLException {
        Path file = dir.resolve("events.db");
        EventStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO actions (kind, machine_id, started_ms, ended_ms, result) VALUES"
                    + " ('scale_down', 'ps-2', " + T0.toEpochMilli() + ", " + T0.plusSeconds(90).toEpochMilli() + ", 'ok'),"
                    + " ('restart_primary', 'ps-1', " + T0.plusSeconds(100).toEpochMilli() + ", NULL, NULL),"
                    + " ('scale_up', 'ps-2', " + T0.plusSeconds(200).toEpochMilli() + ", " + T0.plusSeconds(260).toEpochMilli()
                    + ", 'failed')");
        }
        try (EventStore store = EventStore.open(file)) {
            assertThat(store.lastSuccessfulScalingAction()).contains(T0);
            assertThat(store.unfinishedActions()).extracting(ActionRecord::kind).containsExactly(ActionKind.RESTART_PRIMARY);
        }
    }

    @Test
    void shouldReadTheHistorySinceATimeOldestFirstAndCappedToTheNewest() {
        try (EventStore store = EventStore.open(dir.resolve("events.db"))) {
            for (int i = 0; i < 5; i++) {
                store.recordDecision(T0.plusSeconds(60L * i), GroupDecision.Kind.NONE, List.of("tick " + i), Map.of("active_users", i));
            }
            long old = store.actionStarted(T0, ActionKind.SCALE_UP, "ps-2");
            store.actionEnded(old, T0.plusSeconds(30), ActionResult.OK, "ready");
            store.actionStarted(T0.plusSeconds(200), ActionKind.SCALE_DOWN, "ps-2");

            assertThat(store.decisionsSince(T0.plusSeconds(60), 100)).extracting(d -> d.reasons().get(0))
                    .containsExactly("tick 1", "tick 2", "tick 3", "tick 4");
            assertThat(store.decisionsSince(T0, 2)).extracting(d -> d.reasons().get(0)).containsExactly("tick 3", "tick 4");
            assertThat(store.actionsSince(T0.plusSeconds(1), 100)).extracting(ActionRecord::kind).containsExactly(ActionKind.SCALE_DOWN);
        }
    }

    @Test
    void shouldGiveEachMachinesLastStateBeforeTheWindowWithItsChangesInIt() {
        try (EventStore store = EventStore.open(dir.resolve("events.db"))) {
            store.recordState(T0, "ps-1", MachineState.STARTING);
            store.recordState(T0.plusSeconds(60), "ps-1", MachineState.READY);
            store.recordState(T0, "ps-2", MachineState.OFF);
            store.recordState(T0.plusSeconds(600), "ps-2", MachineState.STARTING);
            store.recordState(T0.plusSeconds(700), "ps-2", MachineState.READY);

            assertThat(store.stateChangesSince(T0.plusSeconds(300))).containsExactly(
                    new StateChangeRecord("ps-2", T0, MachineState.OFF),
                    new StateChangeRecord("ps-1", T0.plusSeconds(60), MachineState.READY),
                    new StateChangeRecord("ps-2", T0.plusSeconds(600), MachineState.STARTING),
                    new StateChangeRecord("ps-2", T0.plusSeconds(700), MachineState.READY));
        }
    }

    @Test
    void shouldSayHowLongAMachineHasBeenBilledWithoutABreak() {
        try (EventStore store = EventStore.open(dir.resolve("events.db"))) {
            store.recordState(T0, "ps-1", MachineState.READY);
            store.recordState(T0, "ps-2", MachineState.STARTING);
            store.recordState(T0.plusSeconds(60), "ps-2", MachineState.READY);
            store.recordState(T0.plusSeconds(600), "ps-2", MachineState.OFF);
            store.recordState(T0.plusSeconds(900), "ps-2", MachineState.STARTING);
            store.recordState(T0.plusSeconds(960), "ps-2", MachineState.READY);
            store.recordState(T0, "ps-3", MachineState.READY);
            store.recordState(T0.plusSeconds(60), "ps-3", MachineState.OFF);

            assertThat(store.billedSince("ps-1")).contains(T0);
            assertThat(store.billedSince("ps-2")).contains(T0.plusSeconds(900));
            assertThat(store.billedSince("ps-3")).isEmpty();
            assertThat(store.billedSince("ps-9")).isEmpty();
        }
    }
}
