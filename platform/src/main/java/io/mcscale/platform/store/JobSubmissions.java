package io.mcscale.platform.store;

import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobSubmission;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Taking simulations in: queueing one within the quotas, once per idempotency key, and cancelling one. */
final class JobSubmissions {
    private final JobDatabase db;
    private final JobReads reads;

    /** On SQLite, submissions that arrive during a commit go together into the next one; null on PostgreSQL. */
    private final SubmissionBatcher batcher;

    JobSubmissions(JobDatabase db, JobReads reads, JobStore.Kind kind) {
        this.db = db;
        this.reads = reads;
        this.batcher = kind == JobStore.Kind.SQLITE ? new SubmissionBatcher(db, JobSubmissions::submitOn) : null;
    }

    SubmitOutcome submit(JobSubmission job, int userQueuedQuota, int maxQueued) {
        return submit(job, userQueuedQuota, maxQueued, Long.MAX_VALUE);
    }

    SubmitOutcome submit(JobSubmission job, int userQueuedQuota, int maxQueued, long maxUserQueuedWork) {
        var request = new SubmissionRequest(job, userQueuedQuota, maxQueued, maxUserQueuedWork);
        return batcher != null ? batcher.submit(request) : submitOn(db, request);
    }

    /** The group commit of submissions on SQLite; null on PostgreSQL, where each submit commits itself. */
    SubmissionBatcher batcher() {
        return batcher;
    }

    /** One submission and the limits it is checked against. */
    record SubmissionRequest(JobSubmission job, int userQueuedQuota, int maxQueued, long maxUserQueuedWork) {
    }

    /** Queues {@code request}'s job if it is within its limits and its idempotency key is new, or says why not. */
    static SubmitOutcome submitOn(Statements sql, SubmissionRequest request) {
        JobSubmission job = request.job();
        String insert = "INSERT INTO jobs (id, user_id, model, parameters, paths, work, seed, antithetic, status, progress,"
                + " submitted_at, submitted_via, cancel_requested, idempotency_key, request_sha256, tier)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, 0, ?, ?, ?"
                + " WHERE (SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND user_id = ?) < ?"
                + " AND (SELECT COALESCE(SUM(work), 0) FROM jobs WHERE status = 'queued' AND user_id = ?) <= ?"
                + " AND (SELECT COUNT(*) FROM jobs WHERE status = 'queued') < ?"
                + " ON CONFLICT (user_id, idempotency_key) DO NOTHING";
        int inserted = sql.execute(insert, job.id(), job.userId(), job.model(), job.parametersJson(), job.paths(), job.work(), job.seed(),
                job.antithetic() ? 1 : 0, job.submittedAt().toEpochMilli(), job.submittedVia(), job.idempotencyKey(),
                job.requestSha256(), job.tier(), job.userId(), request.userQueuedQuota(), job.userId(),
                request.maxUserQueuedWork() - job.work(), request.maxQueued());
        if (inserted == 1) {
            return SubmitOutcome.ACCEPTED;
        }
        if (job.idempotencyKey() != null && findByIdempotencyKey(sql, job.userId(), job.idempotencyKey()).isPresent()) {
            return SubmitOutcome.IDEMPOTENCY_KEY_USED;
        }
        long userQueued = sql.count("SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND user_id = ?", job.userId());
        if (userQueued >= request.userQueuedQuota()) {
            return SubmitOutcome.USER_QUOTA_REACHED;
        }
        long userWork = queuedWork(sql, job.userId());
        return userWork > request.maxUserQueuedWork() - job.work() ? SubmitOutcome.USER_WORK_LIMIT_REACHED : SubmitOutcome.QUEUE_FULL;
    }

    long queuedWork(String userId) {
        return queuedWork(db, userId);
    }

    private static long queuedWork(Statements sql, String userId) {
        return sql.count("SELECT COALESCE(SUM(work), 0) FROM jobs WHERE status = 'queued' AND user_id = ?", userId);
    }

    Optional<JobStore.KeyedSubmission> findByIdempotencyKey(String userId, String idempotencyKey) {
        return findByIdempotencyKey(db, userId, idempotencyKey);
    }

    private static Optional<JobStore.KeyedSubmission> findByIdempotencyKey(Statements sql, String userId,
            String idempotencyKey) {
        return sql.withStatement("SELECT id, request_sha256 FROM jobs WHERE user_id = ? AND idempotency_key = ?", ps -> {
            JobDatabase.bind(ps, userId, idempotencyKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new JobStore.KeyedSubmission(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        });
    }

    Optional<Job> cancel(String id, Instant now) {
        int cancelled = db.update("UPDATE jobs SET status = 'cancelled', finished_at = ?, cancel_requested = 1"
                + " WHERE id = ? AND status = 'queued'", now.toEpochMilli(), id);
        if (cancelled == 0) {
            db.update("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status = 'running'", id);
        }
        return reads.find(id);
    }
}
