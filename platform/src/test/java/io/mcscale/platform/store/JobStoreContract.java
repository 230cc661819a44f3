package io.mcscale.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobIds;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.job.JobSubmission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
                new JobStore.DemandRow(T0.toEpochMilli(), "alice", 2500),
                new JobStore.DemandRow(T0.toEpochMilli() + 1, "bob", -1),
                new JobStore.DemandRow(T0.toEpochMilli() + 2, "carol", -1));
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
        store.recordUserActivity("instance-a", Map.of("alice", T0.toEpochMilli(), "bob", T0.toEpochMilli()));
        other.recordUserActivity("instance-b", Map.of("bob", T0.plusSeconds(1).toEpochMilli(), "carol", T0.plusSeconds(1).toEpochMilli()));
        // A late write of an older sighting does not take bob back.
        store.recordUserActivity("instance-a", Map.of("bob", T0.minusSeconds(5).toEpochMilli()));

        assertThat(store.countActiveUsers("instance-a", window)).as("alice").isEqualTo(1);
        assertThat(store.countActiveUsers("instance-b", window)).as("bob and carol").isEqualTo(2);
        assertThat(store.countActiveUsers("instance-c", window)).isZero();
    }

    @Test
    void shouldKeepCountingAUserOutsideTheWindowWhileTheyHaveASimulationQueuedOrRunning() {
        store.recordUserActivity("instance-a", Map.of("alice", T0.toEpochMilli(), "bob", T0.toEpochMilli()));
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
}
