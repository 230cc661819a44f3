package io.mcscale.scaler.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.model.MachineState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The reads of what the daemon recorded: for recovery after a restart (unfinished actions, the last
 * scaling action, each machine's last state) and for the status page's and {@code mcscale events}' history.
 */
final class HistoryQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final Connection connection;

    HistoryQueries(Connection connection) {
        this.connection = connection;
    }

    Optional<MachineState> lastState(String machineId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT state FROM instance_states WHERE machine_id = ? ORDER BY at_ms DESC, id DESC LIMIT 1")) {
            ps.setString(1, machineId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(MachineState.fromWord(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw EventStoreException.cannot("read a machine's last state", e);
        }
    }

    List<ActionRecord> unfinishedActions() {
        return actions("SELECT id, kind, machine_id, started_ms, ended_ms, result, detail FROM actions"
                + " WHERE ended_ms IS NULL ORDER BY id", -1);
    }

    List<ActionRecord> recentActions(int limit) {
        return actions("SELECT id, kind, machine_id, started_ms, ended_ms, result, detail FROM actions"
                + " ORDER BY id DESC LIMIT ?", limit);
    }

    Optional<Instant> lastSuccessfulScalingAction() {
        // Built from the enums, so that renaming a kind cannot silently break the cooldown across restarts.
        String kinds = String.join(", ", Collections.nCopies(ActionKind.SCALING.size(), "?"));
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
            throw EventStoreException.cannot("read the last scaling action", e);
        }
    }

    List<DecisionRecord> recentDecisions(int limit) {
        List<DecisionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, at_ms, outcome, reasons, inputs FROM decisions ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            readDecisions(ps, out);
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw EventStoreException.cannot("read recent decisions", e);
        }
    }

    List<DecisionRecord> decisionsSince(Instant from, int limit) {
        List<DecisionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM (SELECT id, at_ms, outcome, reasons, inputs"
                + " FROM decisions WHERE at_ms >= ? ORDER BY at_ms DESC, id DESC LIMIT ?) ORDER BY at_ms, id")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setInt(2, limit);
            readDecisions(ps, out);
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw EventStoreException.cannot("read the decisions since " + from, e);
        }
    }

    List<ActionRecord> actionsSince(Instant from, int limit) {
        List<ActionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM (SELECT id, kind, machine_id, started_ms,"
                + " ended_ms, result, detail FROM actions WHERE started_ms >= ? ORDER BY started_ms DESC, id DESC LIMIT ?)"
                + " ORDER BY started_ms, id")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setInt(2, limit);
            readActions(ps, out);
            return out;
        } catch (SQLException e) {
            throw EventStoreException.cannot("read the actions since " + from, e);
        }
    }

    List<StateChangeRecord> stateChangesSince(Instant from) {
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
            throw EventStoreException.cannot("read the state changes since " + from, e);
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
            throw EventStoreException.cannot("read actions", e);
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
}
