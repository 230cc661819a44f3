package io.mcscale.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.auth.TierWeights;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobIds;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.job.JobSubmission;
import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every job store must have, run against each real database by a subclass.
 * {@link #openStore()} opens another connection to the same database, as a second platform instance would.
 */
abstract class JobStoreContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(30);

    JobStore store;
    private final List<JobStore> opened = new ArrayList<>();
    private long submitted;

    /** Prepares an empty database for one test. */
    abstract void createDatabase() throws Exception;

    /** Opens a store on the test's database; each call is a separate pool, like a separate instance. */
    abstract JobStore connect();

    /** Creates another, empty database named {@code name}, for a test that builds an old schema by hand. */
    abstract DataSource createEmptyDatabase(String name) throws Exception;

    /** Opens (and so migrates) a store on the database {@link #createEmptyDatabase} made. */
    abstract JobStore connect(String name);

    JobStore openStore() {
        JobStore s = connect();
        opened.add(s);
        return s;
    }

    @BeforeEach
    void setUp() throws Exception {
        createDatabase();
        store = openStore();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(JobStore::close);
    }

    JobSubmission submission(String user) {
        // Each submission a millisecond after the previous one, so age order is unambiguous.
        Instant at = T0.plusMillis(submitted++);
        return new JobSubmission(JobIds.newId(at), user, "pi", "{}", 1000, 42, false, at, "instance-a");
    }

    /** Sightings of free-tier users at {@code at}. */
    static Map<String, JobStore.UserSighting> seenAt(Instant at, String... users) {
        Map<String, JobStore.UserSighting> seen = new HashMap<>();
        for (String user : users) {
            seen.put(user, new JobStore.UserSighting(at.toEpochMilli(), Tier.FREE));
        }
        return seen;
    }

    String submit(String user) {
        JobSubmission job = submission(user);
        assertThat(store.submit(job, 100, 10_000)).isEqualTo(SubmitOutcome.ACCEPTED);
        return job.id();
    }

    @Test
    void shouldListTheDemandSinceATimeWithRunTimesOldestFirst() {
        String first = submit("alice");
        submit("bob");
        submit("carol");
        String claimed = store.claimNext("instance-a", T0.plusSeconds(10), LEASE).orElseThrow().id();
        store.finish(claimed, "instance-a", JobStatus.SUCCEEDED, "{}", null, 1.0, T0.plusSeconds(10).plusMillis(2500));
        store.claimNext("instance-a", T0.plusSeconds(11), LEASE).orElseThrow();

        List<JobStore.DemandRow> all = store.demandSince(T0);
        List<JobStore.DemandRow> later = store.demandSince(T0.plusMillis(1));

        assertThat(claimed).isEqualTo(first);
        assertThat(all).containsExactly(
                new JobStore.DemandRow(T0.toEpochMilli(), "alice", 2500, Tier.FREE),
                new JobStore.DemandRow(T0.toEpochMilli() + 1, "bob", -1, Tier.FREE),
                new JobStore.DemandRow(T0.toEpochMilli() + 2, "carol", -1, Tier.FREE));
        assertThat(later).extracting(JobStore.DemandRow::userId).containsExactly("bob", "carol");
    }

    @Test
    void shouldQueueASubmissionAndFindItById() {
        String id = submit("alice");

        Job job = store.find(id).orElseThrow();

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.userId()).isEqualTo("alice");
        assertThat(job.model()).isEqualTo("pi");
        assertThat(job.paths()).isEqualTo(1000);
        assertThat(job.seed()).isEqualTo(42);
        assertThat(job.submittedAt()).isEqualTo(T0);
        assertThat(job.startedAt()).isNull();
        assertThat(store.find("no-such-id")).isEmpty();
    }

    @Test
    void shouldListOnlyTheUsersOwnJobsNewestFirstInPages() {
        String first = submit("alice");
        submit("bob");
        String second = submit("alice");
        String third = submit("alice");

        assertThat(store.listByUser("alice", 2, 0)).extracting(Job::id).containsExactly(third, second);
        assertThat(store.listByUser("alice", 2, 2)).extracting(Job::id).containsExactly(first);
        assertThat(store.listByUser("carol", 10, 0)).isEmpty();
    }

    @Test
    void shouldRefuseSubmissionsBeyondTheUserQuotaAndTheQueueLimit() {
        assertThat(store.submit(submission("alice"), 2, 3)).isEqualTo(SubmitOutcome.ACCEPTED);
        assertThat(store.submit(submission("alice"), 2, 3)).isEqualTo(SubmitOutcome.ACCEPTED);
        assertThat(store.submit(submission("alice"), 2, 3)).isEqualTo(SubmitOutcome.USER_QUOTA_REACHED);
        assertThat(store.submit(submission("bob"), 2, 3)).isEqualTo(SubmitOutcome.ACCEPTED);
        assertThat(store.submit(submission("carol"), 2, 3)).isEqualTo(SubmitOutcome.QUEUE_FULL);
        assertThat(store.countByStatus()).containsEntry(JobStatus.QUEUED, 3L);
    }

    @Test
    void shouldClaimRoundRobinByUserSoThatOneUsersBacklogStarvesNoOne() {
        String alice1 = submit("alice");
        String alice2 = submit("alice");
        String alice3 = submit("alice");
        String bob1 = submit("bob");
        String carol1 = submit("carol");

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            order.add(store.claimNext("instance-a", T0, LEASE).orElseThrow().id());
        }

        // alice's first job is oldest; then bob and carol have nothing running, so they go before alice's second.
        assertThat(order).containsExactly(alice1, bob1, carol1, alice2, alice3);
        assertThat(store.claimNext("instance-a", T0, LEASE)).isEmpty();
    }

    @Test
    void shouldNeverGiveOneJobToTwoInstancesClaimingAtOnce() throws Exception {
        int jobs = 40;
        for (int i = 0; i < jobs; i++) {
            submit("user-" + (i % 7));
        }
        JobStore other = openStore();
        var claimed = new ConcurrentLinkedQueue<String>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> claimers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                JobStore s = t % 2 == 0 ? store : other;
                String instance = "instance-" + t;
                claimers.add(pool.submit(() -> {
                    while (claimed.size() < jobs) {
                        s.claimNext(instance, T0, LEASE).ifPresent(job -> claimed.add(job.id()));
                    }
                    return null;
                }));
            }
            for (Future<?> claimer : claimers) {
                claimer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claimed).hasSize(jobs).doesNotHaveDuplicates();
        assertThat(store.countByStatus()).containsEntry(JobStatus.RUNNING, (long) jobs).containsEntry(JobStatus.QUEUED, 0L);
    }

    @Test
    void shouldKeepTheResultAndTheInstanceOfAFinishedJob() {
        String id = submit("alice");
        store.claimNext("instance-b", T0.plusSeconds(1), LEASE).orElseThrow();
        store.heartbeat("instance-b", Map.of(id, 0.5), T0.plusSeconds(40));
        assertThat(store.find(id).orElseThrow().progress()).isEqualTo(0.5);

        boolean finished = store.finish(id, "instance-b", JobStatus.SUCCEEDED, "{\"estimate\":3.14}", null, 1.0,
                T0.plusSeconds(2));

        Job job = store.find(id).orElseThrow();
        assertThat(finished).isTrue();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.resultJson()).isEqualTo("{\"estimate\":3.14}");
        assertThat(job.instanceId()).isEqualTo("instance-b");
        assertThat(job.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(job.finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(job.progress()).isEqualTo(1.0);
    }

    @Test
    void shouldReturnAJobToTheQueueWhenItsLeaseExpiresButNotWhileItIsRenewed() {
        String renewed = submit("alice");
        String abandoned = submit("bob");
        store.claimNext("instance-a", T0, LEASE).orElseThrow();
        store.claimNext("instance-dead", T0, LEASE).orElseThrow();
        store.heartbeat("instance-a", Map.of(renewed, 0.2), T0.plusSeconds(60));

        int recovered = store.recoverExpiredLeases(T0.plusSeconds(31));

        assertThat(recovered).isEqualTo(1);
        assertThat(store.find(renewed).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        Job requeued = store.find(abandoned).orElseThrow();
        assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(requeued.instanceId()).isNull();
        // The dead instance cannot finish it any more; the next claim gets it again.
        assertThat(store.finish(abandoned, "instance-dead", JobStatus.SUCCEEDED, "{}", null, 1.0, T0.plusSeconds(32))).isFalse();
        assertThat(store.claimNext("instance-a", T0.plusSeconds(32), LEASE).orElseThrow().id()).isEqualTo(abandoned);
    }

    @Test
    void shouldCancelAQueuedJobAtOnceAndFlagARunningOne() {
        String queued = submit("alice");
        String running = submit("bob");
        store.claimNext("instance-a", T0, LEASE);
        store.claimNext("instance-a", T0, LEASE);
        String stillQueued = submit("alice");
        store.cancel(queued, T0);

        Job cancelledRunning = store.cancel(running, T0.plusSeconds(1)).orElseThrow();
        Job cancelledQueued = store.cancel(stillQueued, T0.plusSeconds(1)).orElseThrow();

        assertThat(cancelledQueued.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelledQueued.finishedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(cancelledRunning.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(cancelledRunning.cancelRequested()).isTrue();
        assertThat(store.cancelRequested("instance-a")).contains(running);
        assertThat(store.cancel("no-such-id", T0)).isEmpty();
    }

    @Test
    void shouldCountQueuedJobsPerInstanceTheyWereSubmittedThrough() {
        submit("alice");
        store.submit(new JobSubmission(JobIds.newId(T0), "bob", "pi", "{}", 10, 1, false, T0, "instance-b"), 10, 10);

        assertThat(store.countQueuedSubmittedVia("instance-a")).isEqualTo(1);
        assertThat(store.countQueuedSubmittedVia("instance-b")).isEqualTo(1);
        store.ping();
    }

    @Test
    void shouldCountEachActiveUserOnTheOneInstanceThatSawThemLast() {
        JobStore other = openStore();
        Instant window = T0.minusSeconds(300);
        store.recordUserActivity("instance-a", seenAt(T0, "alice", "bob"));
        other.recordUserActivity("instance-b", seenAt(T0.plusSeconds(1), "bob", "carol"));
        // A late write of an older sighting does not take bob back.
        store.recordUserActivity("instance-a", seenAt(T0.minusSeconds(5), "bob"));

        assertThat(store.countActiveUsers("instance-a", window)).as("alice").isEqualTo(1);
        assertThat(store.countActiveUsers("instance-b", window)).as("bob and carol").isEqualTo(2);
        assertThat(store.countActiveUsers("instance-c", window)).isZero();
    }

    @Test
    void shouldKeepCountingAUserOutsideTheWindowWhileTheyHaveASimulationQueuedOrRunning() {
        store.recordUserActivity("instance-a", seenAt(T0, "alice", "bob"));
        submit("alice");
        Instant later = T0.plusSeconds(600);

        assertThat(store.countActiveUsers("instance-a", later)).as("alice, whose simulation waits").isEqualTo(1);
        assertThat(store.forgetInactiveUsers(later)).as("bob").isEqualTo(1);
        assertThat(store.countActiveUsers("instance-a", T0.minusSeconds(1))).as("alice only: bob is forgotten").isEqualTo(1);
    }

    @Test
    void shouldQueueASubmissionWithAnIdempotencyKeyOncePerUser() {
        JobSubmission first = submission("alice").withIdempotencyKey("key-1", "sha-a");
        JobSubmission resent = submission("alice").withIdempotencyKey("key-1", "sha-a");
        JobSubmission bobs = submission("bob").withIdempotencyKey("key-1", "sha-b");

        assertThat(store.submit(first, 100, 10_000)).isEqualTo(SubmitOutcome.ACCEPTED);
        assertThat(store.submit(resent, 100, 10_000)).isEqualTo(SubmitOutcome.IDEMPOTENCY_KEY_USED);
        assertThat(store.submit(bobs, 100, 10_000)).isEqualTo(SubmitOutcome.ACCEPTED);
        assertThat(store.submit(submission("alice"), 100, 10_000)).as("no key, no conflict").isEqualTo(SubmitOutcome.ACCEPTED);
        assertThat(store.submit(submission("alice"), 100, 10_000)).isEqualTo(SubmitOutcome.ACCEPTED);

        assertThat(store.findByIdempotencyKey("alice", "key-1")).contains(new JobStore.KeyedSubmission(first.id(), "sha-a"));
        assertThat(store.findByIdempotencyKey("carol", "key-1")).isEmpty();
        assertThat(store.countByStatus()).containsEntry(JobStatus.QUEUED, 4L);
    }

    @Test
    void theHealthProbeWritesEveryTimeAndTheOpenedDatabaseIsStillThere() {
        store.probeWrite("instance-a", T0);
        store.probeWrite("instance-a", T0.plusSeconds(2));
        openStore().probeWrite("instance-b", T0);

        assertThat(store.databaseFileProblem()).isEmpty();
    }

    @Test
    void aUsersQueuedWorkIsBoundedAndOnlyQueuedWorkCounts() {
        // Each submission() costs 1000 draws (1000 paths of one draw).
        assertThat(store.submit(submission("alice"), 100, 10_000, 2000)).isEqualTo(SubmitOutcome.ACCEPTED);
        assertThat(store.submit(submission("alice"), 100, 10_000, 2000)).isEqualTo(SubmitOutcome.ACCEPTED);
        assertThat(store.submit(submission("alice"), 100, 10_000, 2000)).isEqualTo(SubmitOutcome.USER_WORK_LIMIT_REACHED);
        assertThat(store.submit(submission("bob"), 100, 10_000, 2000)).isEqualTo(SubmitOutcome.ACCEPTED);
        assertThat(store.queuedWork("alice")).isEqualTo(2000);

        store.claimNext("instance-a", T0, LEASE);

        assertThat(store.submit(submission("alice"), 100, 10_000, 2000)).isEqualTo(SubmitOutcome.ACCEPTED);
    }

    /** Queues {@code count} jobs for each user in turn (one round of all users, then the next), each tier as given. */
    private void backlog(int count, Map<String, Tier> tierByUser, List<String> users) {
        for (int round = 0; round < count; round++) {
            for (String user : users) {
                assertThat(store.submit(submission(user).withTier(tierByUser.get(user)), 100, 10_000)).isEqualTo(SubmitOutcome.ACCEPTED);
            }
        }
    }

    private List<String> claimUsers(int count, TierWeights weights) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(store.claimNext("instance-a", T0, LEASE, weights).orElseThrow().userId());
        }
        return users;
    }

    @Test
    void shouldGiveTheNextJobToTheUserWithTheFewestRunningJobsPerUnitOfTierWeight() {
        backlog(5, Map.of("free", Tier.FREE, "pro", Tier.PRO, "ent", Tier.ENTERPRISE), List.of("free", "pro", "ent"));

        // Nothing runs: oldest first. Then running/weight decides (free 1/1, pro 1/2, ent 1/4 -> ent), ties to the oldest
        // waiting job: after 7 claims they hold 1, 2 and 4 workers, each 1.0 per unit of weight, and free's job is oldest.
        assertThat(claimUsers(8, TierWeights.DEFAULT)).containsExactly("free", "pro", "ent", "ent", "pro", "ent", "ent", "free");
    }

    @Test
    void shouldFollowConfiguredTierWeights() {
        backlog(5, Map.of("free", Tier.FREE, "pro", Tier.PRO, "ent", Tier.ENTERPRISE), List.of("free", "pro", "ent"));

        List<String> users = claimUsers(5, new TierWeights(3, 1, 1));

        assertThat(users).containsExactly("free", "pro", "ent", "free", "free");
        assertThat(store.claimNext("instance-a", T0, LEASE, new TierWeights(3, 1, 1)).orElseThrow().userId())
                .as("all at 1.0 per unit of weight: pro's job is the oldest").isEqualTo("pro");
    }

    @Test
    void shouldWeightAUserByTheHighestTierAmongTheirQueuedJobs() {
        // An upgrade counts at once: alice's queued free job is weighted as her newer pro one.
        submitAs("alice", Tier.FREE);
        submitAs("bob", Tier.FREE);
        submitAs("bob", Tier.FREE);
        submitAs("alice", Tier.FREE);
        submitAs("alice", Tier.PRO);

        // Nothing runs: alice, then bob. Then each runs one: alice 1/2 goes before bob 1/1, though bob's job is older.
        assertThat(claimUsers(3, TierWeights.DEFAULT)).containsExactly("alice", "bob", "alice");
    }

    private String submitAs(String user, Tier tier) {
        JobSubmission job = submission(user).withTier(tier);
        assertThat(store.submit(job, 100, 10_000)).isEqualTo(SubmitOutcome.ACCEPTED);
        return job.id();
    }

    @Test
    void shouldKeepEachJobsTier() {
        String pro = submitAs("alice", Tier.PRO);

        assertThat(store.find(pro).orElseThrow().tier()).isEqualTo(Tier.PRO);
        assertThat(store.claimNext("instance-a", T0, LEASE).orElseThrow().tier()).isEqualTo(Tier.PRO);
    }

    @Test
    void shouldCountQueuedJobsPerTierAndReadTheOldestOfATier() {
        String proId = submitAs("alice", Tier.PRO);
        submitAs("bob", Tier.ENTERPRISE);
        submitAs("alice", Tier.PRO);
        submitAs("carol", Tier.PRO);
        store.submit(new JobSubmission(JobIds.newId(T0), "dave", "pi", "{}", 10, 1, false, T0, "instance-b").withTier(Tier.PRO), 10, 10);
        long proSubmitted = store.find(proId).orElseThrow().submittedAt().toEpochMilli();

        Map<Tier, JobStore.QueuedTier> queued = store.queuedSubmittedViaByTier("instance-a");

        assertThat(queued.get(Tier.FREE)).isEqualTo(new JobStore.QueuedTier(0, 0));
        assertThat(queued.get(Tier.PRO).count()).as("dave's came through instance-b").isEqualTo(3);
        assertThat(queued.get(Tier.PRO).submittedAtSumMillis()).isEqualTo(3 * proSubmitted + 2 + 3);
        assertThat(queued.get(Tier.ENTERPRISE)).isEqualTo(new JobStore.QueuedTier(1, proSubmitted + 1));
        assertThat(store.oldestQueuedSubmittedVia("instance-a", Tier.PRO, 2)).containsExactly(proSubmitted, proSubmitted + 2);
        assertThat(store.oldestQueuedSubmittedVia("instance-a", Tier.FREE, 2)).isEmpty();
    }

    @Test
    void shouldCountActiveUsersPerTierTheyWereLastSeenOn() {
        store.recordUserActivity("instance-a", Map.of(
                "alice", new JobStore.UserSighting(T0.toEpochMilli(), Tier.FREE),
                "bob", new JobStore.UserSighting(T0.toEpochMilli(), Tier.PRO),
                "carol", new JobStore.UserSighting(T0.toEpochMilli(), Tier.PRO)));
        // alice upgraded: her later sighting carries the new tier.
        store.recordUserActivity("instance-a", Map.of("alice", new JobStore.UserSighting(T0.plusSeconds(1).toEpochMilli(), Tier.ENTERPRISE)));

        Map<Tier, Long> byTier = store.countActiveUsersByTier("instance-a", T0.minusSeconds(300));

        assertThat(byTier).containsExactlyInAnyOrderEntriesOf(Map.of(Tier.FREE, 0L, Tier.PRO, 2L, Tier.ENTERPRISE, 1L));
        assertThat(store.countActiveUsers("instance-a", T0.minusSeconds(300))).isEqualTo(3);
        assertThat(store.countActiveUsersByTier("instance-b", T0.minusSeconds(300))).containsOnlyKeys(Tier.values()).allSatisfy(
                (tier, count) -> assertThat(count).isZero());
    }

    @Test
    void shouldKeepEveryJobOfADatabaseFromBeforeTiersAsFree() throws Exception {
        DataSource old = createEmptyDatabase("before_tiers");
        Flyway.configure().dataSource(old).locations("classpath:db/migration").target("5").load().migrate();
        try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
            String columns = "INSERT INTO jobs (id, user_id, model, parameters, paths, work, seed, antithetic, status, progress,"
                    + " submitted_at, started_at, finished_at, submitted_via, instance_id, lease_until, cancel_requested) VALUES ";
            s.executeUpdate(columns + "('job-queued', 'alice', 'pi', '{}', 10, 20, 1, 0, 'queued', 0, 1000, NULL, NULL, 'a', NULL, NULL, 0)");
            s.executeUpdate(columns + "('job-running', 'bob', 'pi', '{}', 10, 20, 1, 0, 'running', 0.5, 1001, 2000, NULL, 'a', 'a', 99999999999999, 0)");
            s.executeUpdate(columns + "('job-done', 'alice', 'pi', '{}', 10, 20, 1, 0, 'succeeded', 1, 1002, 2000, 3000, 'a', 'a', NULL, 0)");
            s.executeUpdate("INSERT INTO user_activity (user_id, instance_id, last_seen) VALUES ('alice', 'a', 1000)");
        }

        JobStore migrated = connect("before_tiers");
        opened.add(migrated);

        assertThat(migrated.countByStatus()).containsEntry(JobStatus.QUEUED, 1L).containsEntry(JobStatus.RUNNING, 1L)
                .containsEntry(JobStatus.SUCCEEDED, 1L);
        for (String id : List.of("job-queued", "job-running", "job-done")) {
            assertThat(migrated.find(id)).as(id).hasValueSatisfying(job -> assertThat(job.tier()).isEqualTo(Tier.FREE));
        }
        assertThat(migrated.countActiveUsersByTier("a", Instant.ofEpochMilli(0))).containsEntry(Tier.FREE, 1L);
        assertThat(migrated.claimNext("b", T0, LEASE).orElseThrow().id()).isEqualTo("job-queued");
    }
}
