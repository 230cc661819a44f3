package io.mcscale.scaler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.model.MachineState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An events.db written before the store had migrations is adopted with every row, then migrated on. */
class EventStoreMigrationTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    /** The schema the scaler created itself, before Flyway, statement for statement. */
    private static final List<String> SCHEMA_BEFORE_MIGRATIONS = List.of(
            "PRAGMA journal_mode=WAL",
            "CREATE TABLE IF NOT EXISTS decisions (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " at_ms INTEGER NOT NULL, outcome TEXT NOT NULL, reasons TEXT NOT NULL, inputs TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS actions (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " kind TEXT NOT NULL, machine_id TEXT NOT NULL, started_ms INTEGER NOT NULL,"
                    + " ended_ms INTEGER, result TEXT, detail TEXT)",
            "CREATE TABLE IF NOT EXISTS instance_states (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " machine_id TEXT NOT NULL, at_ms INTEGER NOT NULL, state TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS instance_states_by_machine ON instance_states (machine_id, at_ms)");

    @TempDir
    Path dir;

    @Test
    void shouldAdoptAnEventStoreFromBeforeMigrationsWithEveryRow() throws Exception {
        Path file = dir.resolve("events.db");
        long ms = T0.toEpochMilli();
        writeWithTheOldSchema(file, List.of(
                "INSERT INTO decisions (at_ms, outcome, reasons, inputs) VALUES (" + ms + ", 'scale_up', '[\"active_users>=6\",\"cpu>70\"]',"
                        + " '{\"active_users\":7}')",
                "INSERT INTO actions (kind, machine_id, started_ms, ended_ms, result, detail) VALUES ('scale_up', 'ps-2', " + ms + ", "
                        + (ms + 40_000) + ", 'ok', 'ready and healthy')",
                "INSERT INTO actions (kind, machine_id, started_ms) VALUES ('scale_down', 'ps-2', " + (ms + 3_600_000) + ")",
                "INSERT INTO instance_states (machine_id, at_ms, state) VALUES ('ps-2', " + ms + ", 'starting')",
                "INSERT INTO instance_states (machine_id, at_ms, state) VALUES ('ps-2', " + (ms + 40_000) + ", 'ready')"));

        try (EventStore store = EventStore.open(file)) {
            assertThat(store.recentDecisions(10)).singleElement()
                    .satisfies(d -> assertThat(d.reasons()).containsExactly("active_users>=6", "cpu>70"))
                    .satisfies(d -> assertThat(d.inputsJson()).isEqualTo("{\"active_users\":7}"));
            assertThat(store.lastSuccessfulScalingAction()).contains(T0);
            assertThat(store.unfinishedActions()).singleElement().satisfies(a -> assertThat(a.startedAt()).isEqualTo(T0.plusSeconds(3600)));
            assertThat(store.lastState("ps-2")).contains(MachineState.READY);
            assertThat(store.instanceIntervals(T0, T0.plusSeconds(7200)))
                    .containsExactly(new InstanceInterval("ps-2", T0, T0.plusSeconds(7200)));
            // New rows follow the old ones.
            assertThat(store.recordDecision(T0.plusSeconds(7200), GroupDecision.Kind.NONE, List.of(), Map.of())).isEqualTo(2);
        }

        assertThat(history(file)).containsExactly("1 BASELINE true", "2 SQL true");
        assertThat(indexes(file)).contains("decisions_by_time", "actions_by_start", "instance_states_by_machine");
    }

    @Test
    void shouldCreateANewStoreByRunningEveryMigrationAndOpenItAgainUnchanged() throws Exception {
        Path file = dir.resolve("new/events.db");
        try (EventStore store = EventStore.open(file)) {
            store.recordState(T0, "ps-1", MachineState.READY);
        }
        try (EventStore store = EventStore.open(file)) {
            assertThat(store.lastState("ps-1")).contains(MachineState.READY);
        }

        assertThat(history(file)).containsExactly("1 SQL true", "2 SQL true");
    }

    private static void writeWithTheOldSchema(Path file, List<String> rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : SCHEMA_BEFORE_MIGRATIONS) {
                s.execute(sql);
            }
            for (String sql : rows) {
                s.execute(sql);
            }
        }
    }

    private static List<String> history(Path file) throws SQLException {
        return strings(file, "SELECT version || ' ' || type || ' ' || CASE success WHEN 1 THEN 'true' ELSE 'false' END"
                + " FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static List<String> indexes(Path file) throws SQLException {
        return strings(file, "SELECT name FROM sqlite_master WHERE type = 'index'");
    }

    private static List<String> strings(Path file, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
