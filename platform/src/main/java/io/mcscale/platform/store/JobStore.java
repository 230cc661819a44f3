package io.mcscale.platform.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.auth.TierWeights;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.job.JobSubmission;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * busy timeout cannot help). A claim picks the next job fairly, by user weighted by tier: the user
 * with the fewest running jobs per unit of their tier's weight ({@link TierWeights}) goes first,
 * ties to the oldest waiting job, and then that user's oldest job. A claimed job carries a lease; the running instance renews it, and a job whose lease
 * expired (its instance died) goes back to the queue.
 *
 * <p>This class opens the store and is what callers use; the SQL lives in its parts, one job each:
 * {@link JobSubmissions}, {@link JobClaims}, {@link JobReads}, {@link UserSightings}, {@link StoreProbes}, {@link UserAccounts},
 * all running their statements through {@link JobDatabase}.
 */
public final class JobStore implements AutoCloseable {
    /**
     * The most submissions an SQLite store writes in one commit (group commit). Admission lets this many work at once on
     * SQLite, so every admitted submission fits in the next commit.
     */
    public static final int SQLITE_SUBMIT_BATCH = 32;

    /** The database behind the store. */
    public enum Kind {
        SQLITE, POSTGRES
    }

    private final Kind kind;
    private final JobDatabase db;
    private final JobReads reads;
    private final JobSubmissions submissions;
    private final JobClaims claims;
    private final UserSightings sightings;
    private final StoreProbes probes;
    private final UserAccounts users;

    private JobStore(Kind kind, HikariDataSource dataSource, Path databaseFile) {
        this.kind = kind;
        this.db = new JobDatabase(kind, dataSource);
        this.reads = new JobReads(db);
        this.submissions = new JobSubmissions(db, reads, kind);
        this.claims = new JobClaims(db, kind);
        this.sightings = new UserSightings(db);
        this.probes = new StoreProbes(db, databaseFile);
        this.users = new UserAccounts(db);
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
        // FULL syncs the log at every commit, so a 202 is on the disk. NORMAL survived a crash of the process, but
        // a filesystem error that turned the data directory read-only (as a power loss) dropped the last commits:
        // simulations already answered 202. A sync costs about 0.5 ms here (5 ms at p99 on a busy shared disk).
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
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
            store.probes.rememberDatabaseFile();
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
        // While PostgreSQL is down, a request waits this long for a connection, then gets its 503. Hikari's
        // default (30 s) kept the submits holding admission turns unanswered past a client's 10 s patience.
        config.setConnectionTimeout(2_000);
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
        // Out of order: V6 (users) was released after V7 (the jobs' tier), and a store already at V7 must still get it
        // rather than refuse to start. Each migration stands alone, so their order does not matter.
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").outOfOrder(true).load().migrate();
    }

    public Kind kind() {
        return kind;
    }

    /** The registered users and their API keys. */
    public UserAccounts users() {
        return users;
    }

    // Submission and quotas: JobSubmissions.

    /** {@link #submit(JobSubmission, int, int, long)} without a bound on a user's queued work. */
    public SubmitOutcome submit(JobSubmission job, int userQueuedQuota, int maxQueued) {
        return submissions.submit(job, userQueuedQuota, maxQueued);
    }

    /**
     * Queues {@code job} unless its user already has {@code userQuota} queued jobs, or queued work (random draws)
     * that with this job's would pass {@code maxUserQueuedWork}, or the queue holds {@code maxQueued}; the checks and
     * the insert are one statement, so concurrent submissions cannot overshoot.
     * A job with an idempotency key its user already used is not queued again, whatever the limits say
     * ({@link SubmitOutcome#IDEMPOTENCY_KEY_USED}), so a resent request finds its simulation even at the quota.
     */
    public SubmitOutcome submit(JobSubmission job, int userQueuedQuota, int maxQueued, long maxUserQueuedWork) {
        return submissions.submit(job, userQueuedQuota, maxQueued, maxUserQueuedWork);
    }

    /** The work (random draws) of {@code userId}'s queued simulations. */
    public long queuedWork(String userId) {
        return submissions.queuedWork(userId);
    }

    public record KeyedSubmission(String jobId, String requestSha256) {
    }

    public Optional<KeyedSubmission> findByIdempotencyKey(String userId, String idempotencyKey) {
        return submissions.findByIdempotencyKey(userId, idempotencyKey);
    }

    /**
     * Cancels a queued job at once; for a running one, sets the flag its instance acts on.
     *
     * @return the job as it is after the request, or empty if there is no such job
     */
    public Optional<Job> cancel(String id, Instant now) {
        return submissions.cancel(id, now);
    }

    // Claiming, leases and finishing: JobClaims.

    /** {@link #claimNext(String, Instant, Duration, TierWeights)} with the default weights. */
    public Optional<Job> claimNext(String instanceId, Instant now, Duration lease) {
        return claims.claimNext(instanceId, now, lease, TierWeights.DEFAULT);
    }

    /**
     * Claims the next job fairly for {@code instanceId}, with a lease until {@code now + lease}: the oldest job of the
     * backlogged user with the fewest running jobs per unit of their tier's weight.
     */
    public Optional<Job> claimNext(String instanceId, Instant now, Duration lease, TierWeights weights) {
        return claims.claimNext(instanceId, now, lease, weights);
    }

    /** Records progress and renews the leases of the jobs {@code instanceId} is running. */
    public void heartbeat(String instanceId, Map<String, Double> progressById, Instant leaseUntil) {
        claims.heartbeat(instanceId, progressById, leaseUntil);
    }

    /** Ids of the jobs running on {@code instanceId} whose cancellation was asked for. */
    public Set<String> cancelRequested(String instanceId) {
        return claims.cancelRequested(instanceId);
    }

    /**
     * Records the end of a job this instance runs.
     *
     * @return false if the instance no longer held the job (its lease expired and it went back to the queue)
     */
    public boolean finish(String id, String instanceId, JobStatus status, String resultJson, String error, double progress,
            Instant now) {
        return claims.finish(id, instanceId, status, resultJson, error, progress, now);
    }

    /**
     * Puts jobs whose lease expired before {@code now} back in the queue (their instance died), or
     * marks them cancelled when a cancel had been asked for.
     *
     * @return how many jobs were recovered
     */
    public int recoverExpiredLeases(Instant now) {
        return claims.recoverExpiredLeases(now);
    }

    /** Gives running jobs back to the queue at once, for an instance that stops before they finish. */
    public int release(String instanceId, Collection<String> ids) {
        return claims.release(instanceId, ids);
    }

    // Reads: JobReads.

    public Optional<Job> find(String id) {
        return reads.find(id);
    }

    /** The user's own jobs, newest first. */
    public List<Job> listByUser(String userId, int limit, int offset) {
        return reads.listByUser(userId, limit, offset);
    }

    /** The number of jobs in each status, over the whole store. */
    public Map<JobStatus, Long> countByStatus() {
        return reads.countByStatus();
    }

    /** Queued jobs that were submitted through {@code instanceId}: each queued job is counted by one instance. */
    public long countQueuedSubmittedVia(String instanceId) {
        return reads.countQueuedSubmittedVia(instanceId);
    }

    /**
     * The queued simulations of one tier submitted through an instance: how many, and the sum of their submission
     * times (epoch ms), from which their mean age at any time follows.
     */
    public record QueuedTier(long count, long submittedAtSumMillis) {
        public QueuedTier plus(QueuedTier other) {
            return new QueuedTier(count + other.count, submittedAtSumMillis + other.submittedAtSumMillis);
        }
    }

    /** Per tier (every tier present), the queued simulations submitted through {@code instanceId}. */
    public Map<Tier, QueuedTier> queuedSubmittedViaByTier(String instanceId) {
        return reads.queuedSubmittedViaByTier(instanceId);
    }

    /** The submission times (epoch ms) of the {@code limit} oldest queued simulations of {@code tier} submitted through {@code instanceId}, oldest first. */
    public long[] oldestQueuedSubmittedVia(String instanceId, Tier tier, int limit) {
        return reads.oldestQueuedSubmittedVia(instanceId, tier, limit);
    }

    /**
     * One simulation as demand: when it was submitted (epoch ms), by whom, how long it ran (ms), and its tier.
     *
     * @param runMillis from start to finish; -1 for one still queued or running
     */
    public record DemandRow(long submittedAtMillis, String userId, long runMillis, Tier tier) {
    }

    /** Every simulation submitted at or after {@code since}, oldest first (for {@code mcscale export-demand}). */
    public List<DemandRow> demandSince(Instant since) {
        return reads.demandSince(since);
    }

    // User sightings: UserSightings.

    /** When a user was last seen (epoch ms), and on which tier. */
    public record UserSighting(long lastSeenMillis, Tier tier) {
    }

    /**
     * Records when {@code instanceId} last saw each user, and their tier then. The later sighting wins, so each user
     * belongs to the one instance that saw them last, and a late write of an older sighting changes nothing.
     */
    public void recordUserActivity(String instanceId, Map<String, UserSighting> sightingsByUser) {
        sightings.recordUserActivity(instanceId, sightingsByUser);
    }

    /**
     * The active users that belong to {@code instanceId} (it saw them last): seen since {@code since}, or with a
     * simulation queued or running anywhere. Summed over the instances, each active user counts once.
     */
    public long countActiveUsers(String instanceId, Instant since) {
        return countActiveUsersByTier(instanceId, since).values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@link #countActiveUsers}, per tier as last seen (every tier present); the counts add up to it. */
    public Map<Tier, Long> countActiveUsersByTier(String instanceId, Instant since) {
        return sightings.countActiveUsersByTier(instanceId, since);
    }

    /**
     * Forgets users not seen since {@code before} who have no simulation queued or running: they count nowhere.
     *
     * @return how many were forgotten
     */
    public int forgetInactiveUsers(Instant before) {
        return sightings.forgetInactiveUsers(before);
    }

    // Health: StoreProbes.

    /**
     * SQLite: why the file this store opened is no longer the database on disk (deleted, or replaced by
     * another file), or empty. An instance still writing to a deleted file loses every job at its restart,
     * and one writing to a replaced file no longer shares a queue with the others.
     */
    public Optional<String> databaseFileProblem() {
        return probes.databaseFileProblem();
    }

    /** A small write (this instance's row of {@code health_probe}) that fails when the store cannot be written. */
    public void probeWrite(String instanceId, Instant now) {
        probes.probeWrite(instanceId, now);
    }

    /** Fails unless the database answers. */
    public void ping() {
        probes.ping();
    }

    @Override
    public void close() {
        db.dataSource().close();
    }

    /** The group commit of submissions on SQLite, for tests to count its commits; null on PostgreSQL. */
    SubmissionBatcher submissionBatcher() {
        return submissions.batcher();
    }

    DataSource dataSource() {
        return db.dataSource();
    }
}
