package io.mcscale.scaler.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.GroupDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the daemon writes each tick: decisions with their inputs, actions as they start and end, and state changes. */
final class EventWrites {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final HistoryQueries history;

    EventWrites(Connection connection, HistoryQueries history) {
        this.connection = connection;
        this.history = history;
    }

    void checkWritable() {
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO decisions (at_ms, outcome, reasons, inputs) VALUES (0, 'none', '[]', '{}')");
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw EventStoreException.cannot("write to the event store", e);
        }
    }

    long recordDecision(Instant at, GroupDecision.Kind outcome, List<String> reasons, Map<String, ?> inputs) {
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
            throw EventStoreException.cannot("record a decision", e);
        }
    }

    long actionStarted(Instant at, ActionKind kind, String machineId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO actions (kind, machine_id, started_ms) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, kind.word());
            ps.setString(2, machineId);
            ps.setLong(3, at.toEpochMilli());
            ps.executeUpdate();
            return generatedKey(ps);
        } catch (SQLException e) {
            throw EventStoreException.cannot("record the start of an action", e);
        }
    }

    void actionEnded(long actionId, Instant at, ActionResult result, String detail) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE actions SET ended_ms = ?, result = ?, detail = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, result.word());
            ps.setString(3, detail);
            ps.setLong(4, actionId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw EventStoreException.cannot("record the end of an action", e);
        }
    }

    boolean recordState(Instant at, String machineId, MachineState state) {
        if (history.lastState(machineId).filter(state::equals).isPresent()) {
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
            throw EventStoreException.cannot("record a state change", e);
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
}
