package io.mcscale.platform.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.job.JobSubmission;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The job store every platform instance shares: SQLite in a data directory on one machine,
 * PostgreSQL across machines, with the same behaviour on both.
 *
 * <p>Every change is one SQL statement, so it is atomic on both databases without explicit
 * transactions (and SQLite never has to upgrade a read lock to a write lock, which is where its
 * busy timeout cannot help). A claim picks the next job fairly, round robin by user: the user with
 * the fewest running jobs goes first, ties to the oldest waiting job, and then that user's oldest
 * job. A claimed job carries a lease; the running instance renews it, and a job whose lease
 * expired (its instance died) goes back to the queue.
 */
public final class JobStore implements AutoCloseable {
    /** The database behind the store. */
    public enum Kind {
        SQLITE, POSTGRES
    }

    /** The columns every job query selects, in the order {@link #toJob} reads them. */
    private static final String COLUMNS = "id, user_id, model, parameters, paths, seed, antithetic, status, progress, "
            + "result, error, submitted_at, started_at, finished_at, instance_id, cancel_requested";

    /** The states of a job that is not done yet, as an SQL list. */
    private static final String UNFINISHED = JobStatus.unfinishedSqlList();

    /** The user with the fewest running jobs, ties to the oldest waiting job. */
    private static final String NEXT_USER = "SELECT q.user_id FROM"
            + " (SELECT user_id, MIN(submitted_at) AS head FROM jobs WHERE status = 'queued' GROUP BY user_id) q"
            + " LEFT JOIN (SELECT user_id, COUNT(*) AS running FROM jobs WHERE status = 'running' GROUP BY user_id) r"
            + " ON r.user_id = q.user_id ORDER BY COALESCE(r.running, 0), q.head LIMIT 1";

    private final Kind kind;
    private final HikariDataSource dataSource;
    private final String claimSql;
    private final StatementCache statements;
    /**
     * SQLite has one writer at a time. Writers of this process queue here, in order, rather than in
     * SQLite's busy handler, which backs off by sleeping; the busy timeout is left for other processes.
     */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /** SQLite: the database file, and its identity (device and inode) when opened; null for PostgreSQL. */
    private final Path databaseFile;
    private volatile Object databaseFileKey;

    private JobStore(Kind kind, HikariDataSource dataSource, Path databaseFile) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.databaseFile = databaseFile;
        this.statements = new StatementCache(kind == Kind.SQLITE);
        // PostgreSQL: rows another instance is claiming right now are skipped, not waited for.
        String lock = kind == Kind.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        this.claimSql = "UPDATE jobs SET status = 'running', instance_id = ?, started_at = ?, lease_until = ?, progress = 0"
                + " WHERE status = 'queued' AND id = (SELECT id FROM jobs WHERE status = 'queued' AND user_id = ("
                + NEXT_USER + ") ORDER BY submitted_at, id LIMIT 1" + lock + ") RETURNING " + COLUMNS;
    }

    /**
     * Opens (creating if needed) the SQLite store {@code jobs.db} in {@code dataDir}. Several processes may
     * open the same directory: WAL mode lets readers and the one writer work at once, and the busy timeout
     * makes writers queue for the lock rather than fail.
     */
    public static JobStore sqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("data dir " + dataDir + " cannot be created: " + e.getMessage(), e);
        }
        var sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode survives a crash of the process; only a power loss can drop the last commits.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(30_000);
        var source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + dataDir.resolve("jobs.db").toAbsolutePath());
        var config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName("jobs-sqlite");
        config.setMaximumPoolSize(8);
        // A local file's connections never go stale; keeping them keeps their prepared statements (StatementCache).
        config.setMaxLifetime(0);
        var store = new JobStore(Kind.SQLITE, new HikariDataSource(config), dataDir.resolve("jobs.db").toAbsolutePath());
        // Flyway cannot lock an SQLite database against a second migrating process; a file lock can.
        try (var channel = FileChannel.open(dataDir.resolve("migrate.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var ignored = channel.lock()) {
            store.migrate();
            store.databaseFileKey = Files.readAttributes(store.databaseFile, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            store.close();
            throw new IllegalStateException("cannot lock " + dataDir.resolve("migrate.lock") + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Opens the PostgreSQL store at {@code jdbcUrl} (user, and password if any, as URL parameters) and migrates it. */
    public static JobStore postgres(String jdbcUrl) {
        return postgres(jdbcUrl, null, null);
    }

    /**
     * Opens the PostgreSQL store at {@code jdbcUrl} as {@code user} with {@code password} and migrates it. The
     * password travels beside the URL, never in it, so that it stays out of command lines and logged URLs.
     *
     * @param user null to take the user from the URL
     * @param password null to take it from the URL, or when the server needs none
     */
    public static JobStore postgres(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbc-url must start with jdbc:postgresql:, e.g. "
                    + "jdbc:postgresql://db-host:5432/mcscale");
        }
        var config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("jobs-postgres");
        config.setMaximumPoolSize(16);
        var store = new JobStore(Kind.POSTGRES, new HikariDataSource(config), null);
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public Kind kind() {
        return kind;
    }

    /** {@link #submit(JobSubmission, int, int, long)} without a bound on a user's queued work. */
    public SubmitOutcome submit(JobSubmission job, int userQueuedQuota, int maxQueued) {
        return submit(job, userQueuedQuota, maxQueued, Long.MAX_VALUE);
    }

    /**
     * Queues {@code job} unless its user already has {@code userQuota} queued jobs, or queued work (random draws)
     * that with this job's would pass {@code maxUserQueuedWork}, or the queue holds {@code maxQueued}; the checks and
     * the insert are one statement, so concurrent submissions cannot overshoot.
     * A job with an idempotency key its user already used is not queued again, whatever the limits say
     * ({@link SubmitOutcome#IDEMPOTENCY_KEY_USED}), so a resent request finds its simulation even at the quota.
     */
    public SubmitOutcome submit(JobSubmission job, int userQueuedQuota, int maxQueued, long maxUserQueuedWork) {
        String sql = "INSERT INTO jobs (id, user_id, model, parameters, paths, work, seed, antithetic, status, progress,"
                + " submitted_at, submitted_via, cancel_requested, idempotency_key, request_sha256)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, 0, ?, ?"
                + " WHERE (SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND user_id = ?) < ?"
                + " AND (SELECT COALESCE(SUM(work), 0) FROM jobs WHERE status = 'queued' AND user_id = ?) <= ?"
                + " AND (SELECT COUNT(*) FROM jobs WHERE status = 'queued') < ?"
                + " ON CONFLICT (user_id, idempotency_key) DO NOTHING";
        int inserted = update(sql, job.id(), job.userId(), job.model(), job.parametersJson(), job.paths(), job.work(), job.seed(),
                job.antithetic() ? 1 : 0, job.submittedAt().toEpochMilli(), job.submittedVia(), job.idempotencyKey(),
                job.requestSha256(), job.userId(), userQueuedQuota, job.userId(), maxUserQueuedWork - job.work(), maxQueued);
        if (inserted == 1) {
            return SubmitOutcome.ACCEPTED;
        }
        if (job.idempotencyKey() != null && findByIdempotencyKey(job.userId(), job.idempotencyKey()).isPresent()) {
            return SubmitOutcome.IDEMPOTENCY_KEY_USED;
        }
        long userQueued = count("SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND user_id = ?", job.userId());
        if (userQueued >= userQueuedQuota) {
            return SubmitOutcome.USER_QUOTA_REACHED;
        }
        long userWork = queuedWork(job.userId());
        return userWork > maxUserQueuedWork - job.work() ? SubmitOutcome.USER_WORK_LIMIT_REACHED : SubmitOutcome.QUEUE_FULL;
    }

    /** The work (random draws) of {@code userId}'s queued simulations. */
    public long queuedWork(String userId) {
        return count("SELECT COALESCE(SUM(work), 0) FROM jobs WHERE status = 'queued' AND user_id = ?", userId);
    }

    public record KeyedSubmission(String jobId, String requestSha256) {
    }

    public Optional<KeyedSubmission> findByIdempotencyKey(String userId, String idempotencyKey) {
        return withStatement("SELECT id, request_sha256 FROM jobs WHERE user_id = ? AND idempotency_key = ?", ps -> {
            bind(ps, userId, idempotencyKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new KeyedSubmission(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        });
    }

    public Optional<Job> find(String id) {
        List<Job> jobs = query("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", id);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    /** The user's own jobs, newest first. */
    public List<Job> listByUser(String userId, int limit, int offset) {
        return query("SELECT " + COLUMNS + " FROM jobs WHERE user_id = ? ORDER BY submitted_at DESC, id DESC LIMIT ? OFFSET ?",
                userId, limit, offset);
    }

    /**
     * Cancels a queued job at once; for a running one, sets the flag its instance acts on.
     *
     * @return the job as it is after the request, or empty if there is no such job
     */
    public Optional<Job> cancel(String id, Instant now) {
        int cancelled = update("UPDATE jobs SET status = 'cancelled', finished_at = ?, cancel_requested = 1"
                + " WHERE id = ? AND status = 'queued'", now.toEpochMilli(), id);
        if (cancelled == 0) {
            update("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status = 'running'", id);
        }
        return find(id);
    }

    /** Claims the next job fairly for {@code instanceId}, with a lease until {@code now + lease}. */
    public Optional<Job> claimNext(String instanceId, Instant now, Duration lease) {
        // Under PostgreSQL two instances can pick the same row; the loser updates nothing and tries again.
        // Idle workers poll: a read finds an empty queue without taking the write lock.
        if (count("SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE status = 'queued' LIMIT 1) q") == 0) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Job> claimed = writing(() -> query(claimSql, instanceId, now.toEpochMilli(), now.plus(lease).toEpochMilli()));
            if (!claimed.isEmpty()) {
                return Optional.of(claimed.get(0));
            }
            if (count("SELECT COUNT(*) FROM jobs WHERE status = 'queued'") == 0) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Records progress and renews the leases of the jobs {@code instanceId} is running. */
    public void heartbeat(String instanceId, Map<String, Double> progressById, Instant leaseUntil) {
        if (progressById.isEmpty()) {
            return;
        }
        String sql = "UPDATE jobs SET progress = ?, lease_until = ? WHERE id = ? AND instance_id = ? AND status = 'running'";
        writing(() -> withStatement(sql, ps -> {
            for (var entry : progressById.entrySet()) {
                bind(ps, entry.getValue(), leaseUntil.toEpochMilli(), entry.getKey(), instanceId);
                ps.addBatch();
            }
            return ps.executeBatch();
        }));
    }

    /** Ids of the jobs running on {@code instanceId} whose cancellation was asked for. */
    public Set<String> cancelRequested(String instanceId) {
        return strings("SELECT id FROM jobs WHERE instance_id = ? AND status = 'running' AND cancel_requested = 1", instanceId);
    }

    /**
     * Records the end of a job this instance runs.
     *
     * @return false if the instance no longer held the job (its lease expired and it went back to the queue)
     */
    public boolean finish(String id, String instanceId, JobStatus status, String resultJson, String error, double progress,
            Instant now) {
        int updated = update("UPDATE jobs SET status = ?, result = ?, error = ?, progress = ?, finished_at = ?, lease_until = NULL"
                + " WHERE id = ? AND instance_id = ? AND status = 'running'",
                status.word(), resultJson, error, progress, now.toEpochMilli(), id, instanceId);
        return updated == 1;
    }

    /**
     * Puts jobs whose lease expired before {@code now} back in the queue (their instance died), or
     * marks them cancelled when a cancel had been asked for.
     *
     * @return how many jobs were recovered
     */
    public int recoverExpiredLeases(Instant now) {
        return update("UPDATE jobs SET status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'queued' END,"
                + " finished_at = CASE WHEN cancel_requested = 1 THEN ? ELSE NULL END,"
                + " instance_id = NULL, lease_until = NULL, started_at = NULL, progress = 0"
                + " WHERE status = 'running' AND lease_until < ?", now.toEpochMilli(), now.toEpochMilli());
    }

    /** Gives running jobs back to the queue at once, for an instance that stops before they finish. */
    public int release(String instanceId, Collection<String> ids) {
        int released = 0;
        for (String id : ids) {
            released += update("UPDATE jobs SET status = 'queued', instance_id = NULL, lease_until = NULL, started_at = NULL,"
                    + " progress = 0 WHERE id = ? AND instance_id = ? AND status = 'running'", id, instanceId);
        }
        return released;
    }

    /** The number of jobs in each status, over the whole store. */
    public Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        return withStatement("SELECT status, COUNT(*) FROM jobs GROUP BY status", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(JobStatus.fromWord(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    /** Queued jobs that were submitted through {@code instanceId}: each queued job is counted by one instance. */
    public long countQueuedSubmittedVia(String instanceId) {
        return count("SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND submitted_via = ?", instanceId);
    }

    /**
     * Records when {@code instanceId} last saw each user (epoch ms). The later sighting wins, so each user
     * belongs to the one instance that saw them last, and a late write of an older sighting changes nothing.
     */
    public void recordUserActivity(String instanceId, Map<String, Long> lastSeenMillisByUser) {
        if (lastSeenMillisByUser.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO user_activity (user_id, instance_id, last_seen) VALUES (?, ?, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET instance_id = excluded.instance_id, last_seen = excluded.last_seen"
                + " WHERE excluded.last_seen >= user_activity.last_seen";
        writing(() -> withStatement(sql, ps -> {
            for (var sighting : lastSeenMillisByUser.entrySet()) {
                bind(ps, sighting.getKey(), instanceId, sighting.getValue());
                ps.addBatch();
            }
            return ps.executeBatch();
        }));
    }

    /**
     * The active users that belong to {@code instanceId} (it saw them last): seen since {@code since}, or with a
     * simulation queued or running anywhere. Summed over the instances, each active user counts once.
     */
    public long countActiveUsers(String instanceId, Instant since) {
        return count("SELECT COUNT(*) FROM user_activity a WHERE a.instance_id = ? AND (a.last_seen >= ?"
                + " OR EXISTS (SELECT 1 FROM jobs j WHERE j.status IN " + UNFINISHED + " AND j.user_id = a.user_id))",
                instanceId, since.toEpochMilli());
    }

    /**
     * Forgets users not seen since {@code before} who have no simulation queued or running: they count nowhere.
     *
     * @return how many were forgotten
     */
    public int forgetInactiveUsers(Instant before) {
        return update("DELETE FROM user_activity WHERE last_seen < ? AND NOT EXISTS (SELECT 1 FROM jobs j"
                + " WHERE j.status IN " + UNFINISHED + " AND j.user_id = user_activity.user_id)", before.toEpochMilli());
    }

    /**
     * SQLite: why the file this store opened is no longer the database on disk (deleted, or replaced by
     * another file), or empty. An instance still writing to a deleted file loses every job at its restart,
     * and one writing to a replaced file no longer shares a queue with the others.
     */
    public Optional<String> databaseFileProblem() {
        if (databaseFile == null || databaseFileKey == null) {
            return Optional.empty();
        }
        try {
            Object key = Files.readAttributes(databaseFile, BasicFileAttributes.class).fileKey();
            return key == null || key.equals(databaseFileKey) ? Optional.empty()
                    : Optional.of(databaseFile + " is not the file this instance opened (it was deleted or replaced); restore it or restart the instance");
        } catch (NoSuchFileException e) {
            return Optional.of(databaseFile + " was deleted since this instance opened it; restore it or restart the instance");
        } catch (IOException e) {
            return Optional.of(databaseFile + " cannot be read: " + e.getMessage());
        }
    }

    /** A small write (this instance's row of {@code health_probe}) that fails when the store cannot be written. */
    public void probeWrite(String instanceId, Instant now) {
        String sql = "INSERT INTO health_probe (instance_id, probed_at) VALUES (?, ?)"
                + " ON CONFLICT (instance_id) DO UPDATE SET probed_at = excluded.probed_at";
        update(sql, instanceId, now.toEpochMilli());
    }

    /**
     * One simulation as demand: when it was submitted (epoch ms), by whom, and how long it ran (ms).
     *
     * @param runMillis from start to finish; -1 for one still queued or running
     */
    public record DemandRow(long submittedAtMillis, String userId, long runMillis) {
    }

    /** Every simulation submitted at or after {@code since}, oldest first (for {@code mcscale export-demand}). */
    public List<DemandRow> demandSince(Instant since) {
        String sql = "SELECT submitted_at, user_id, started_at, finished_at FROM jobs WHERE submitted_at >= ? ORDER BY submitted_at, id";
        return withStatement(sql, ps -> {
            bind(ps, since.toEpochMilli());
            List<DemandRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long started = rs.getLong(3);
                    boolean hasStart = !rs.wasNull();
                    long finished = rs.getLong(4);
                    boolean ran = hasStart && !rs.wasNull();
                    rows.add(new DemandRow(rs.getLong(1), rs.getString(2), ran ? Math.max(0, finished - started) : -1));
                }
            }
            return rows;
        });
    }

    /** Fails unless the database answers. */
    public void ping() {
        count("SELECT 1");
    }

    @Override
    public void close() {
        dataSource.close();
    }

    DataSource dataSource() {
        return dataSource;
    }

    private long count(String sql, Object... args) {
        return withStatement(sql, ps -> {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private Set<String> strings(String sql, Object... args) {
        return withStatement(sql, ps -> {
            bind(ps, args);
            Set<String> values = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        });
    }

    private int update(String sql, Object... args) {
        return writing(() -> withStatement(sql, ps -> {
            bind(ps, args);
            return ps.executeUpdate();
        }));
    }

    private <T> T writing(java.util.function.Supplier<T> write) {
        if (kind != Kind.SQLITE) {
            return write.get();
        }
        writeLock.lock();
        try {
            return write.get();
        } finally {
            writeLock.unlock();
        }
    }

    private List<Job> query(String sql, Object... args) {
        return withStatement(sql, ps -> {
            bind(ps, args);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(toJob(rs));
                }
            }
            return jobs;
        });
    }

    /** What a statement does with its (bound by it) parameters and results. */
    @FunctionalInterface
    private interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /** Runs {@code work} on a statement for {@code sql} on a pooled connection; every statement goes through here. */
    private <T> T withStatement(String sql, StatementWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            PreparedStatement statement = statements.prepare(c, sql);
            T result;
            try {
                result = work.run(statement);
            } catch (SQLException | RuntimeException e) {
                statements.discard(c, sql, statement);
                throw e;
            }
            statements.release(statement);
            return result;
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (arg instanceof String s) {
                ps.setString(i + 1, s);
            } else if (arg instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (arg instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (arg instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else {
                throw new IllegalArgumentException("cannot bind " + arg.getClass());
            }
        }
    }

    /** A row selected as {@link #COLUMNS}, read by position (the SQLite driver looks names up on every call). */
    private static Job toJob(ResultSet rs) throws SQLException {
        return new Job(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getInt(7) == 1,
                JobStatus.fromWord(rs.getString(8)),
                rs.getDouble(9),
                rs.getString(10),
                rs.getString(11),
                instant(rs, 12),
                instant(rs, 13),
                instant(rs, 14),
                rs.getString(15),
                rs.getInt(16) == 1);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
