package io.mcscale.platform.store;

import io.mcscale.platform.auth.TierWeights;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The running instances' side of the queue: claiming the next job fairly (weighted by tier), renewing its lease with the
 * progress, finishing it, and giving jobs back when an instance stops or its lease expired.
 */
final class JobClaims {
    /**
     * The backlogged user with the fewest running jobs per unit of their tier's weight, ties to the oldest waiting job
     * (then the user id, so that both databases order alike). A user's weight is that of the highest tier among their
     * queued jobs. The three parameters are the enterprise, pro and free weights, bound as doubles so that both
     * databases divide in floating point: equal ratios (1/2 and 2/4) are equal doubles, since division rounds exactly.
     */
    private static final String NEXT_USER = "SELECT q.user_id FROM"
            + " (SELECT user_id, MIN(submitted_at) AS head, MAX(CASE tier WHEN 'enterprise' THEN ? WHEN 'pro' THEN ? ELSE ? END) AS weight"
            + " FROM jobs WHERE status = 'queued' GROUP BY user_id) q"
            + " LEFT JOIN (SELECT user_id, COUNT(*) AS running FROM jobs WHERE status = 'running' GROUP BY user_id) r"
            + " ON r.user_id = q.user_id ORDER BY COALESCE(r.running, 0) / q.weight, q.head, q.user_id LIMIT 1";

    private final JobDatabase db;
    private final String claimSql;

    JobClaims(JobDatabase db, JobStore.Kind kind) {
        this.db = db;
        // PostgreSQL: rows another instance is claiming right now are skipped, not waited for.
        String lock = kind == JobStore.Kind.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        this.claimSql = "UPDATE jobs SET status = 'running', instance_id = ?, started_at = ?, lease_until = ?, progress = 0"
                + " WHERE status = 'queued' AND id = (SELECT id FROM jobs WHERE status = 'queued' AND user_id = ("
                + NEXT_USER + ") ORDER BY submitted_at, id LIMIT 1" + lock + ") RETURNING " + JobDatabase.COLUMNS;
    }

    Optional<Job> claimNext(String instanceId, Instant now, Duration lease, TierWeights weights) {
        // Under PostgreSQL two instances can pick the same row; the loser updates nothing and tries again.
        // Idle workers poll: a read finds an empty queue without taking the write lock.
        if (db.count("SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE status = 'queued' LIMIT 1) q") == 0) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Job> claimed = db.writing(() -> db.query(claimSql, instanceId, now.toEpochMilli(), now.plus(lease).toEpochMilli(),
                    (double) weights.enterprise(), (double) weights.pro(), (double) weights.free()));
            if (!claimed.isEmpty()) {
                return Optional.of(claimed.get(0));
            }
            if (db.count("SELECT COUNT(*) FROM jobs WHERE status = 'queued'") == 0) {
                break;
            }
        }
        return Optional.empty();
    }

    void heartbeat(String instanceId, Map<String, Double> progressById, Instant leaseUntil) {
        if (progressById.isEmpty()) {
            return;
        }
        String sql = "UPDATE jobs SET progress = ?, lease_until = ? WHERE id = ? AND instance_id = ? AND status = 'running'";
        db.writing(() -> db.withStatement(sql, ps -> {
            for (var entry : progressById.entrySet()) {
                JobDatabase.bind(ps, entry.getValue(), leaseUntil.toEpochMilli(), entry.getKey(), instanceId);
                ps.addBatch();
            }
            return ps.executeBatch();
        }));
    }

    Set<String> cancelRequested(String instanceId) {
        return db.strings("SELECT id FROM jobs WHERE instance_id = ? AND status = 'running' AND cancel_requested = 1", instanceId);
    }

    boolean finish(String id, String instanceId, JobStatus status, String resultJson, String error, double progress,
            Instant now) {
        int updated = db.update("UPDATE jobs SET status = ?, result = ?, error = ?, progress = ?, finished_at = ?, lease_until = NULL"
                + " WHERE id = ? AND instance_id = ? AND status = 'running'",
                status.word(), resultJson, error, progress, now.toEpochMilli(), id, instanceId);
        return updated == 1;
    }

    int recoverExpiredLeases(Instant now) {
        return db.update("UPDATE jobs SET status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'queued' END,"
                + " finished_at = CASE WHEN cancel_requested = 1 THEN ? ELSE NULL END,"
                + " instance_id = NULL, lease_until = NULL, started_at = NULL, progress = 0"
                + " WHERE status = 'running' AND lease_until < ?", now.toEpochMilli(), now.toEpochMilli());
    }

    int release(String instanceId, Collection<String> ids) {
        int released = 0;
        for (String id : ids) {
            released += db.update("UPDATE jobs SET status = 'queued', instance_id = NULL, lease_until = NULL, started_at = NULL,"
                    + " progress = 0 WHERE id = ? AND instance_id = ? AND status = 'running'", id, instanceId);
        }
        return released;
    }
}
