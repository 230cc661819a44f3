package io.mcscale.platform.store;

import io.mcscale.platform.job.JobStatus;
import java.time.Instant;
import java.util.Map;

/** Which instance saw each user last, and so which instance counts them as active (the scaler's users vote). */
final class UserSightings {
    /** The states of a job that is not done yet, as an SQL list. */
    private static final String UNFINISHED = JobStatus.unfinishedSqlList();

    private final JobDatabase db;

    UserSightings(JobDatabase db) {
        this.db = db;
    }

    void recordUserActivity(String instanceId, Map<String, Long> lastSeenMillisByUser) {
        if (lastSeenMillisByUser.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO user_activity (user_id, instance_id, last_seen) VALUES (?, ?, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET instance_id = excluded.instance_id, last_seen = excluded.last_seen"
                + " WHERE excluded.last_seen >= user_activity.last_seen";
        db.writing(() -> db.withStatement(sql, ps -> {
            for (var sighting : lastSeenMillisByUser.entrySet()) {
                JobDatabase.bind(ps, sighting.getKey(), instanceId, sighting.getValue());
                ps.addBatch();
            }
            return ps.executeBatch();
        }));
    }

    long countActiveUsers(String instanceId, Instant since) {
        return db.count("SELECT COUNT(*) FROM user_activity a WHERE a.instance_id = ? AND (a.last_seen >= ?"
                + " OR EXISTS (SELECT 1 FROM jobs j WHERE j.status IN " + UNFINISHED + " AND j.user_id = a.user_id))",
                instanceId, since.toEpochMilli());
    }

    int forgetInactiveUsers(Instant before) {
        return db.update("DELETE FROM user_activity WHERE last_seen < ? AND NOT EXISTS (SELECT 1 FROM jobs j"
                + " WHERE j.status IN " + UNFINISHED + " AND j.user_id = user_activity.user_id)", before.toEpochMilli());
    }
}
