package io.mcscale.platform.store;

import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.job.JobStatus;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which instance saw each user last, and so which instance counts them as active (the scaler's users vote), and the
 * tier the user had then (the per-tier counts of {@code /api/metrics}).
 */
final class UserSightings {
    /** The states of a job that is not done yet, as an SQL list. */
    private static final String UNFINISHED = JobStatus.unfinishedSqlList();

    private final JobDatabase db;

    UserSightings(JobDatabase db) {
        this.db = db;
    }

    void recordUserActivity(String instanceId, Map<String, JobStore.UserSighting> sightingsByUser) {
        if (sightingsByUser.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO user_activity (user_id, instance_id, last_seen, tier) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET instance_id = excluded.instance_id, last_seen = excluded.last_seen,"
                + " tier = excluded.tier WHERE excluded.last_seen >= user_activity.last_seen";
        List<Object[]> rows = new ArrayList<>();
        sightingsByUser.forEach((user, sighting) -> rows.add(new Object[] {user, instanceId, sighting.lastSeenMillis(), sighting.tier()}));
        db.batch(sql, rows);
    }

    /** Every tier is in the answer, 0 where it has no active user. */
    Map<Tier, Long> countActiveUsersByTier(String instanceId, Instant since) {
        String sql = "SELECT a.tier, COUNT(*) FROM user_activity a WHERE a.instance_id = ? AND (a.last_seen >= ?"
                + " OR EXISTS (SELECT 1 FROM jobs j WHERE j.status IN " + UNFINISHED + " AND j.user_id = a.user_id)) GROUP BY a.tier";
        return db.withStatement(sql, ps -> {
            JobDatabase.bind(ps, instanceId, since.toEpochMilli());
            Map<Tier, Long> counts = JobDatabase.zeroPerTier();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.merge(JobDatabase.tier(rs.getString(1)), rs.getLong(2), Long::sum);
                }
            }
            return counts;
        });
    }

    int forgetInactiveUsers(Instant before) {
        return db.update("DELETE FROM user_activity WHERE last_seen < ? AND NOT EXISTS (SELECT 1 FROM jobs j"
                + " WHERE j.status IN " + UNFINISHED + " AND j.user_id = user_activity.user_id)", before.toEpochMilli());
    }
}
