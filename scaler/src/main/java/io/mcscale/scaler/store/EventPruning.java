package io.mcscale.scaler.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** The retention of the event store: which old rows go, and which stay because recovery and the cooldown need them. */
final class EventPruning {
    private final Connection connection;

    EventPruning(Connection connection) {
        this.connection = connection;
    }

    PrunedEvents prune(EventRetention retention, Instant now) {
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
            throw EventStoreException.cannot("delete events past their retention", e);
        }
    }

    private int update(String sql, long millis) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, millis);
            return ps.executeUpdate();
        }
    }
}
