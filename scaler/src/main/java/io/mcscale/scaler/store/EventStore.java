package io.mcscale.scaler.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.GroupDecision;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The daemon's memory, in SQLite ({@code DATA_DIR/events.db}): every decision with its inputs and
 * reasons, every action with its start, end and result, and every change of a machine's state.
 * The state log is what instance-hours and cost are computed from, and with the unfinished
 * actions it is how a restarted scaler knows what it was doing.
 *
 * <p>Times are stored as epoch milliseconds. One connection, used under this object's lock: the
 * daemon writes a handful of rows per tick, and readers (the cost report) open their own store.
 * The schema is versioned by Flyway migrations in {@code db/events}; {@link #prune} applies the
 * retention ({@code EVENT_RETENTION_DAYS}).
 */
public final class EventStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    /** Apart from the platform's {@code db/migration}: one jar carries both. */
    private static final String MIGRATIONS = "classpath:db/events";

    private final Connection connection;

    private EventStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens the event store in this file, creating it when missing, and brings its schema up to date
     * (Flyway, {@code db/events}). A file from before the store had migrations is adopted as version 1
     * with every row kept.
     */
    public static EventStore open(Path dbFile) {
        try {
            Path file = dbFile.toAbsolutePath();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            SQLiteConfig config = new SQLiteConfig();
            // WAL lets the cost report read while the daemon writes; the busy timeout rides over its short locks.
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setBusyTimeout(5000);
            // In WAL mode NORMAL loses nothing on a crash of the process, only on power loss, and skips an fsync per row.
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            SQLiteDataSource source = new SQLiteDataSource(config);
            source.setUrl("jdbc:sqlite:" + file);
            migrate(source, file);
            return new EventStore(source.getConnection());
        } catch (SQLException | IOException | FlywayException e) {
            throw new EventStoreException("cannot open the event store " + dbFile + ": " + e.getMessage(), e);
        }
    }

    /** Under a file lock: Flyway cannot lock SQLite against the daemon and a cost report migrating at once. */
    private static void migrate(SQLiteDataSource source, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".migrate-lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Flyway.configure()
                    .dataSource(source)
                    .locations(MIGRATIONS)
                    .baselineOnMigrate(true)
                    .baselineVersion("1")
                    .baselineDescription("events schema from before migrations")
                    .load()
                    .migrate();
        }
    }

    /**
     * Deletes what {@code retention} lets go at {@code now}: decisions older than it, and state changes
     * and finished actions older than {@link EventRetention#logBefore}. It keeps, whatever their age,
     * each machine's last state before that cutoff (its state when the kept log starts), every
     * unfinished action (recovery after a restart) and the newest action of each kind and result
     * (the cooldown after a restart counts from the last successful one).
     */
    public synchronized PrunedEvents prune(EventRetention retention, Instant now) {
        long decisionsBefore = retention.decisionsBefore(now).toEpochMilli();
        long logBefore = retention.logBefore(now).toEpochMilli();
        try {
            int decisions = update("DELETE FROM decisions WHERE at_ms < ?", decisionsBefore);
            int states = update("DELETE FROM instance_states WHERE at_ms < ?1 AND EXISTS (SELECT 1 FROM instance_states later"
                    + " WHERE later.machine_id = instance_states.machine_id AND later.at_ms < ?1"
                    + " AND (later.at_ms > instance_states.at_ms OR (later.at_ms = instance_states.at_ms AND later.id > instance_states.id)))",
                    logBefore);
            int actions = update("DELETE FROM actions WHERE started_ms < ? AND ended_ms IS NOT NULL"
                    + " AND started_ms < (SELECT MAX(newest.started_ms) FROM actions newest"
                    + " WHERE newest.kind = actions.kind AND newest.result = actions.result)", logBefore);
            return new PrunedEvents(decisions, states, actions);
        } catch (SQLException e) {
            throw failure("delete events past their retention", e);
        }
    }

    private int update(String sql, long millis) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, millis);
            return ps.executeUpdate();
        }
    }

    /**
     * Proves the file can be written without leaving a row behind (doctor's check): a decision
     * inserted inside a transaction that is then rolled back, so the operator's history stays clean.
     */
    public synchronized void checkWritable() {
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO decisions (at_ms, outcome, reasons, inputs) VALUES (0, 'none', '[]', '{}')");
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("write to the event store", e);
        }
    }

    public synchronized long recordDecision(Instant at, GroupDecision.Kind outcome, List<String> reasons, Map<String, ?> inputs) {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO decisions (at_ms, outcome, reasons, inputs) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, outcome.word());
            ps.setString(3, toJson(reasons));
            ps.setString(4, toJson(inputs));
            ps.executeUpdate();
            return generatedKey(ps);
        } catch (SQLException e) {
            throw failure("record a decision", e);
        }
    }

    /** Records that an action began; returns its id for {@link #actionEnded}. */
    public synchronized long actionStarted(Instant at, ActionKind kind, String machineId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO actions (kind, machine_id, started_ms) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, kind.word());
            ps.setString(2, machineId);
            ps.setLong(3, at.toEpochMilli());
            ps.executeUpdate();
            return generatedKey(ps);
        } catch (SQLException e) {
            throw failure("record the start of an action", e);
        }
    }

    /** Records how an action ended. */
    public synchronized void actionEnded(long actionId, Instant at, ActionResult result, String detail) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE actions SET ended_ms = ?, result = ?, detail = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, result.word());
            ps.setString(3, detail);
            ps.setLong(4, actionId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("record the end of an action", e);
        }
    }

    /**
     * Records a machine's state when it differs from the last one recorded for it; returns
     * whether it was a change. Calling it every tick with the observed state is therefore cheap.
     */
    public synchronized boolean recordState(Instant at, String machineId, MachineState state) {
        if (lastState(machineId).filter(state::equals).isPresent()) {
            return false;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO instance_states (machine_id, at_ms, state) VALUES (?, ?, ?)")) {
            ps.setString(1, machineId);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, state.word());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            throw failure("record a state change", e);
        }
    }

    public synchronized Optional<MachineState> lastState(String machineId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT state FROM instance_states WHERE machine_id = ? ORDER BY at_ms DESC, id DESC LIMIT 1")) {
            ps.setString(1, machineId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(MachineState.fromWord(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read a machine's last state", e);
        }
    }

    /**
     * The intervals in {@code [from, to)} during which each machine was in a billed state (anything
     * but {@code off}), from the state log. A machine still billed at the end of the log is billed up
     * to {@code to}: the log records changes, so no change means the state still holds.
     */
    public synchronized List<InstanceInterval> instanceIntervals(Instant from, Instant to) {
        Map<String, List<StateChange>> byMachine = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT machine_id, at_ms, state FROM instance_states WHERE at_ms < ? ORDER BY machine_id, at_ms, id")) {
            ps.setLong(1, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byMachine.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new StateChange(Instant.ofEpochMilli(rs.getLong(2)), MachineState.fromWord(rs.getString(3))));
                }
            }
        } catch (SQLException e) {
            throw failure("read the instance state log", e);
        }
        List<InstanceInterval> intervals = new ArrayList<>();
        byMachine.forEach((machineId, changes) -> {
            Instant billedSince = null;
            for (StateChange change : changes) {
                if (change.state().isBilledHourly() && billedSince == null) {
                    billedSince = change.at();
                } else if (!change.state().isBilledHourly() && billedSince != null) {
                    addClipped(intervals, machineId, billedSince, change.at(), from, to);
                    billedSince = null;
                }
            }
            if (billedSince != null) {
                addClipped(intervals, machineId, billedSince, to, from, to);
            }
        });
        return intervals;
    }

    private static void addClipped(List<InstanceInterval> out, String machineId, Instant start, Instant end, Instant from, Instant to) {
        Instant s = start.isBefore(from) ? from : start;
        Instant e = end.isAfter(to) ? to : end;
        if (s.isBefore(e)) {
            out.add(new InstanceInterval(machineId, s, e));
        }
    }

    /** Actions that started and never ended: the scaler stopped in the middle of them. */
    public synchronized List<ActionRecord> unfinishedActions() {
        return actions("SELECT id, kind, machine_id, started_ms, ended_ms, result, detail FROM actions"
                + " WHERE ended_ms IS NULL ORDER BY id", -1);
    }

    public synchronized List<ActionRecord> recentActions(int limit) {
        return actions("SELECT id, kind, machine_id, started_ms, ended_ms, result, detail FROM actions"
                + " ORDER BY id DESC LIMIT ?", limit);
    }

    /** When the last scaling action that succeeded started: the cooldown counts from it across restarts. */
    public synchronized Optional<Instant> lastSuccessfulScalingAction() {
        // Built from the enums, so that renaming a kind cannot silently break the cooldown across restarts.
        String kinds = String.join(", ", java.util.Collections.nCopies(ActionKind.SCALING.size(), "?"));
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT started_ms FROM actions WHERE result = ? AND kind IN (" + kinds + ") ORDER BY started_ms DESC LIMIT 1")) {
            ps.setString(1, ActionResult.OK.word());
            int i = 2;
            for (ActionKind kind : ActionKind.SCALING) {
                ps.setString(i++, kind.word());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read the last scaling action", e);
        }
    }

    /** The most active users any evaluation in [from, to) saw, for the cost per user; empty when none did. */
    public synchronized java.util.OptionalInt peakActiveUsers(Instant from, Instant to) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT MAX(CAST(json_extract(inputs, '$.active_users') AS INTEGER)) FROM decisions WHERE at_ms >= ? AND at_ms < ?")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                int peak = rs.next() ? rs.getInt(1) : 0;
                return rs.wasNull() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(peak);
            }
        } catch (SQLException e) {
            throw failure("read the peak of active users", e);
        }
    }

    public synchronized List<DecisionRecord> recentDecisions(int limit) {
        List<DecisionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, at_ms, outcome, reasons, inputs FROM decisions ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            readDecisions(ps, out);
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw failure("read recent decisions", e);
        }
    }

    /** The decisions from {@code from} on, oldest first, at most {@code limit} of the newest: the status page's and {@code mcscale events}' history. */
    public synchronized List<DecisionRecord> decisionsSince(Instant from, int limit) {
        List<DecisionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM (SELECT id, at_ms, outcome, reasons, inputs"
                + " FROM decisions WHERE at_ms >= ? ORDER BY at_ms DESC, id DESC LIMIT ?) ORDER BY at_ms, id")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setInt(2, limit);
            readDecisions(ps, out);
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw failure("read the decisions since " + from, e);
        }
    }

    /** The actions that started from {@code from} on, oldest first, at most {@code limit} of the newest. */
    public synchronized List<ActionRecord> actionsSince(Instant from, int limit) {
        List<ActionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM (SELECT id, kind, machine_id, started_ms,"
                + " ended_ms, result, detail FROM actions WHERE started_ms >= ? ORDER BY started_ms DESC, id DESC LIMIT ?)"
                + " ORDER BY started_ms, id")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setInt(2, limit);
            readActions(ps, out);
            return out;
        } catch (SQLException e) {
            throw failure("read the actions since " + from, e);
        }
    }

    /**
     * The state changes from {@code from} on, oldest first, each machine's log preceded by its last change
     * before {@code from} (with its own time): without it a machine that did not change in the window would
     * have no state there.
     */
    public synchronized List<StateChangeRecord> stateChangesSince(Instant from) {
        List<StateChangeRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT machine_id, at_ms, state FROM instance_states s"
                + " WHERE at_ms >= ? OR id = (SELECT id FROM instance_states p WHERE p.machine_id = s.machine_id AND p.at_ms < ?"
                + " ORDER BY p.at_ms DESC, p.id DESC LIMIT 1) ORDER BY at_ms, id")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, from.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StateChangeRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            MachineState.fromWord(rs.getString(3))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the state changes since " + from, e);
        }
    }

    /** Since when the machine has been billed without a break, as of the end of the state log; empty when it is off. */
    public synchronized Optional<Instant> billedSince(String machineId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT MIN(at_ms) FROM instance_states WHERE machine_id = ?"
                + " AND at_ms > COALESCE((SELECT MAX(at_ms) FROM instance_states WHERE machine_id = ? AND state = 'off'), -1)")) {
            ps.setString(1, machineId);
            ps.setString(2, machineId);
            try (ResultSet rs = ps.executeQuery()) {
                long since = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(since));
            }
        } catch (SQLException e) {
            throw failure("read since when a machine is billed", e);
        }
    }

    private List<ActionRecord> actions(String sql, int limit) {
        List<ActionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (limit >= 0) {
                ps.setInt(1, limit);
            }
            readActions(ps, out);
            return out;
        } catch (SQLException e) {
            throw failure("read actions", e);
        }
    }

    private static void readDecisions(PreparedStatement ps, List<DecisionRecord> out) throws SQLException, JsonProcessingException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DecisionRecord(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        JSON.readValue(rs.getString(4), STRINGS), rs.getString(5)));
            }
        }
    }

    private static void readActions(PreparedStatement ps, List<ActionRecord> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long ended = rs.getLong(5);
                Optional<Instant> endedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ended));
                out.add(new ActionRecord(rs.getLong(1), ActionKind.fromWord(rs.getString(2)), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), endedAt,
                        Optional.ofNullable(rs.getString(6)).map(ActionResult::fromWord), Optional.ofNullable(rs.getString(7))));
            }
        }
    }

    private static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new EventStoreException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static EventStoreException failure(String what, Exception e) {
        return new EventStoreException("event store: cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private record StateChange(Instant at, MachineState state) {
    }
}
