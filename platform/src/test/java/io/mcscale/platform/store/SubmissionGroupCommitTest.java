package io.mcscale.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.mcscale.platform.job.JobIds;
import io.mcscale.platform.job.JobSubmission;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * Group commit of submissions on a real SQLite store: submissions that wait while a commit is in progress go into
 * one commit together, and each caller still gets its own answer. To make the waiting certain on any machine, another
 * connection holds SQLite's write lock until every submission has reached the store, as a slow commit would.
 */
class SubmissionGroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final int QUOTA = 10;
    private static final int QUEUE = 1000;

    @TempDir
    Path dataDir;

    private int submitted;

    @Test
    void concurrentSubmissionsShareCommitsAndEveryAcceptedOneIsStored() throws Exception {
        try (JobStore store = JobStore.sqlite(dataDir)) {
            List<JobSubmission> jobs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                jobs.add(submission("user-" + i, null));
            }
            List<Object> answers = submitWhileTheWriterIsHeld(store, jobs);

            assertThat(answers).containsOnly(SubmitOutcome.ACCEPTED);
            for (JobSubmission job : jobs) {
                assertThat(store.find(job.id())).as("accepted job %s in the store", job.id()).isPresent();
            }
            // The first committer took what had arrived when it began; the rest waited and went in batches of at most 32.
            assertThat(store.submissionBatcher().commits()).as("commits for 40 submissions").isBetween(2L, 3L);
        }
    }

    @Test
    void aFailingSubmissionInABatchFailsAloneAndEachCallerGetsItsOwnOutcome() throws Exception {
        try (JobStore store = JobStore.sqlite(dataDir)) {
            JobSubmission stored = submission("alice", null);
            assertThat(store.submit(stored, QUOTA, QUEUE)).isEqualTo(SubmitOutcome.ACCEPTED);
            long commitsBefore = store.submissionBatcher().commits();

            List<JobSubmission> jobs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                jobs.add(submission("user-" + i, null));
            }
            // The same id as a stored job: its insert fails (primary key), and only its caller hears of it.
            jobs.add(new JobSubmission(stored.id(), "mallory", "pi", "{}", 1000, 42, false, T0, "instance-a"));
            // The same user and key twice: one is queued, the other finds the first.
            jobs.add(submission("bob", "bob-key"));
            jobs.add(submission("bob", "bob-key"));
            List<Object> answers = submitWhileTheWriterIsHeld(store, jobs);

            for (int i = 0; i < 20; i++) {
                assertThat(answers.get(i)).as("user-%d", i).isEqualTo(SubmitOutcome.ACCEPTED);
                assertThat(store.find(jobs.get(i).id())).isPresent();
            }
            assertThat(answers.get(20)).isInstanceOf(StoreException.class);
            assertThat(store.find(stored.id()).orElseThrow().userId()).isEqualTo("alice");
            assertThat(answers.subList(21, 23)).containsExactlyInAnyOrder(SubmitOutcome.ACCEPTED, SubmitOutcome.IDEMPOTENCY_KEY_USED);
            assertThat(store.findByIdempotencyKey("bob", "bob-key")).isPresent();
            assertThat(store.submissionBatcher().commits() - commitsBefore).as("commits for 23 submissions").isBetween(1L, 2L);
        }
    }

    @Test
    void aUsersLimitHoldsAcrossTheSubmissionsOfOneBatch() throws Exception {
        try (JobStore store = JobStore.sqlite(dataDir)) {
            List<JobSubmission> jobs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                jobs.add(submission("carol", null));
            }
            List<Object> answers = submitWhileTheWriterIsHeld(store, jobs, 2);

            assertThat(answers).filteredOn(SubmitOutcome.ACCEPTED::equals).hasSize(2);
            assertThat(answers).filteredOn(SubmitOutcome.USER_QUOTA_REACHED::equals).hasSize(3);
            assertThat(store.queuedWork("carol")).isEqualTo(2 * 1000);
        }
    }

    /**
     * A commit that fails (here an Error while deciding one submission) stores none of its batch, tells every caller in
     * it so, and leaves none waiting; a caller is told ACCEPTED only for a job that is in the store.
     */
    @Test
    void aFailedCommitAcknowledgesNoneOfItsBatchAndLeavesNoCallerWaiting() throws Exception {
        try (JobStore store = JobStore.sqlite(dataDir)) {
            var db = new JobDatabase(JobStore.Kind.SQLITE, (HikariDataSource) store.dataSource());
            var batcher = new SubmissionBatcher(db, (sql, request) -> {
                SubmitOutcome outcome = JobSubmissions.submitOn(sql, request);
                if (request.job().userId().equals("boom")) {
                    throw new AssertionError("the process fails while deciding boom's submission");
                }
                return outcome;
            });
            List<JobSubmission> jobs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                jobs.add(submission(i == 5 ? "boom" : "user-" + i, null));
            }
            List<Object> answers = submitWhileTheWriterIsHeld(
                    job -> batcher.submit(new JobSubmissions.SubmissionRequest(job, QUOTA, QUEUE, Long.MAX_VALUE)), batcher::received, jobs);

            assertThat(answers.get(5)).isInstanceOf(Throwable.class);
            assertThat(store.find(jobs.get(5).id())).isEmpty();
            for (int i = 0; i < jobs.size(); i++) {
                boolean stored = store.find(jobs.get(i).id()).isPresent();
                assertThat(stored).as("%s answered %s", jobs.get(i).userId(), answers.get(i))
                        .isEqualTo(answers.get(i) == SubmitOutcome.ACCEPTED);
            }
        }
    }

    private List<Object> submitWhileTheWriterIsHeld(JobStore store, List<JobSubmission> jobs) throws Exception {
        return submitWhileTheWriterIsHeld(store, jobs, QUOTA);
    }

    private List<Object> submitWhileTheWriterIsHeld(JobStore store, List<JobSubmission> jobs, int quota) throws Exception {
        return submitWhileTheWriterIsHeld(job -> store.submit(job, quota, QUEUE), store.submissionBatcher()::received, jobs);
    }

    /** Each job submitted from its own thread while another connection holds the write lock; each answer or failure. */
    private List<Object> submitWhileTheWriterIsHeld(Function<JobSubmission, SubmitOutcome> submit, LongSupplier received,
            List<JobSubmission> jobs) throws Exception {
        var other = new SQLiteDataSource();
        other.setUrl("jdbc:sqlite:" + dataDir.resolve("jobs.db"));
        ExecutorService threads = Executors.newFixedThreadPool(jobs.size());
        try (Connection holder = other.getConnection(); Statement statement = holder.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            long before = received.getAsLong();
            List<Future<SubmitOutcome>> futures = new ArrayList<>();
            for (JobSubmission job : jobs) {
                futures.add(threads.submit(() -> submit.apply(job)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> received.getAsLong() - before == jobs.size());
            statement.execute("ROLLBACK");
            List<Object> answers = new ArrayList<>();
            for (Future<SubmitOutcome> future : futures) {
                try {
                    answers.add(future.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    answers.add(e.getCause());
                }
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    private JobSubmission submission(String user, String idempotencyKey) {
        Instant at = T0.plusMillis(submitted++);
        JobSubmission job = new JobSubmission(JobIds.newId(at), user, "pi", "{}", 1000, 42, false, at, "instance-a");
        return idempotencyKey == null ? job : job.withIdempotencyKey(idempotencyKey, "sha-" + idempotencyKey);
    }
}
