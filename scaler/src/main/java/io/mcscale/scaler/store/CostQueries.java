package io.mcscale.scaler.store;

import io.mcscale.core.model.MachineState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The reads that cost is computed from: billed intervals from the state log, and the peak of active users. */
final class CostQueries {
    private final Connection connection;

    CostQueries(Connection connection) {
        this.connection = connection;
    }

    List<InstanceInterval> instanceIntervals(Instant from, Instant to) {
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
            throw EventStoreException.cannot("read the instance state log", e);
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

    OptionalInt peakActiveUsers(Instant from, Instant to) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT MAX(CAST(json_extract(inputs, '$.active_users') AS INTEGER)) FROM decisions WHERE at_ms >= ? AND at_ms < ?")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                int peak = rs.next() ? rs.getInt(1) : 0;
                return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(peak);
            }
        } catch (SQLException e) {
            throw EventStoreException.cannot("read the peak of active users", e);
        }
    }

    Optional<Instant> billedSince(String machineId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT MIN(at_ms) FROM instance_states WHERE machine_id = ?"
                + " AND at_ms > COALESCE((SELECT MAX(at_ms) FROM instance_states WHERE machine_id = ? AND state = 'off'), -1)")) {
            ps.setString(1, machineId);
            ps.setString(2, machineId);
            try (ResultSet rs = ps.executeQuery()) {
                long since = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(since));
            }
        } catch (SQLException e) {
            throw EventStoreException.cannot("read since when a machine is billed", e);
        }
    }

    private record StateChange(Instant at, MachineState state) {
    }
}
