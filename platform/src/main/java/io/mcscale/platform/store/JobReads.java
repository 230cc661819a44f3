package io.mcscale.platform.store;

import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobStatus;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading jobs back: one by id, a user's list, the counts by status, the queue per tier and the demand history. */
final class JobReads {
    private final JobDatabase db;

    JobReads(JobDatabase db) {
        this.db = db;
    }

    Optional<Job> find(String id) {
        List<Job> jobs = db.query("SELECT " + JobDatabase.COLUMNS + " FROM jobs WHERE id = ?", id);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    List<Job> listByUser(String userId, int limit, int offset) {
        return db.query("SELECT " + JobDatabase.COLUMNS + " FROM jobs WHERE user_id = ? ORDER BY submitted_at DESC, id DESC LIMIT ? OFFSET ?",
                userId, limit, offset);
    }

    Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        return db.withStatement("SELECT status, COUNT(*) FROM jobs GROUP BY status", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(JobStatus.fromWord(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    long countQueuedSubmittedVia(String instanceId) {
        return db.count("SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND submitted_via = ?", instanceId);
    }

    Map<Tier, JobStore.QueuedTier> queuedSubmittedViaByTier(String instanceId) {
        String sql = "SELECT tier, COUNT(*), COALESCE(SUM(submitted_at), 0) FROM jobs WHERE status = 'queued' AND submitted_via = ?"
                + " GROUP BY tier";
        return db.withStatement(sql, ps -> {
            JobDatabase.bind(ps, instanceId);
            Map<Tier, JobStore.QueuedTier> byTier = new EnumMap<>(Tier.class);
            for (Tier tier : Tier.values()) {
                byTier.put(tier, new JobStore.QueuedTier(0, 0));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var found = new JobStore.QueuedTier(rs.getLong(2), rs.getLong(3));
                    byTier.merge(JobDatabase.tier(rs.getString(1)), found, JobStore.QueuedTier::plus);
                }
            }
            return byTier;
        });
    }

    long[] oldestQueuedSubmittedVia(String instanceId, Tier tier, int limit) {
        String sql = "SELECT submitted_at FROM jobs WHERE status = 'queued' AND submitted_via = ? AND tier = ?"
                + " ORDER BY submitted_at LIMIT ?";
        return db.withStatement(sql, ps -> {
            JobDatabase.bind(ps, instanceId, tier, limit);
            List<Long> times = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getLong(1));
                }
            }
            return times.stream().mapToLong(Long::longValue).toArray();
        });
    }

    List<JobStore.DemandRow> demandSince(Instant since) {
        String sql = "SELECT submitted_at, user_id, started_at, finished_at, tier FROM jobs WHERE submitted_at >= ? ORDER BY submitted_at, id";
        return db.withStatement(sql, ps -> {
            JobDatabase.bind(ps, since.toEpochMilli());
            List<JobStore.DemandRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long started = rs.getLong(3);
                    boolean hasStart = !rs.wasNull();
                    long finished = rs.getLong(4);
                    boolean ran = hasStart && !rs.wasNull();
                    rows.add(new JobStore.DemandRow(rs.getLong(1), rs.getString(2), ran ? Math.max(0, finished - started) : -1,
                            JobDatabase.tier(rs.getString(5))));
                }
            }
            return rows;
        });
    }
}
