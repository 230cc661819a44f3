package io.mcscale.platform.store;

import io.mcscale.platform.store.JobSubmissions.SubmissionRequest;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * Group commit for submissions on SQLite: the submissions that arrive while one commit is in progress are written
 * together in the next, one transaction and so one sync of the disk for all of them, as PostgreSQL groups commits.
 *
 * <p>SQLite has one writer, and each commit is synced ({@code synchronous=FULL}, so that an accepted simulation
 * survives a failing disk). One commit per submission let a burst (300 users on a cold instance) through one at a time:
 * on a busy machine 14-42 of 300 were accepted within admission's bound, the rest shed with 503. There is no delay to
 * gather a batch: a batch is whatever queued during the previous commit, at most {@link #MAX_BATCH}.
 *
 * <p>Each submission is decided in its own savepoint, in arrival order, so it sees the ones before it (quotas, a
 * repeated idempotency key), and one that fails is rolled back alone; its caller gets its failure, the others their
 * outcome. No outcome is returned before its transaction committed; when the commit fails, every caller in it gets
 * the failure. A caller waits at most for the commit in progress and its own, as long as no more than
 * {@link #MAX_BATCH} submissions are let in at once (admission control, {@code SubmitAdmission}).
 */
final class SubmissionBatcher {
    /** The most submissions in one commit. */
    static final int MAX_BATCH = JobStore.SQLITE_SUBMIT_BATCH;

    private final JobDatabase db;
    private final BiFunction<Statements, SubmissionRequest, SubmitOutcome> decide;
    /** Whose turn it is to commit the waiting submissions; fair, so callers take turns in arrival order. */
    private final ReentrantLock committer = new ReentrantLock(true);
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    SubmissionBatcher(JobDatabase db, BiFunction<Statements, SubmissionRequest, SubmitOutcome> decide) {
        this.db = db;
        this.decide = decide;
    }

    /** Decides and commits {@code request}, with whatever else is waiting; returns once its commit is durable. */
    SubmitOutcome submit(SubmissionRequest request) {
        Pending mine = new Pending(request);
        synchronized (waiting) {
            waiting.add(mine);
        }
        received.incrementAndGet();
        // Whoever holds the turn commits what is waiting; a caller whose submission went into that commit finds it done.
        while (!mine.done) {
            committer.lock();
            try {
                if (!mine.done) {
                    commitWaiting();
                }
            } finally {
                committer.unlock();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.outcome;
    }

    /** Commits so far, each of one or more submissions. */
    long commits() {
        return commits.get();
    }

    /** Submissions handed to the batcher so far, committed or still waiting. */
    long received() {
        return received.get();
    }

    private void commitWaiting() {
        List<Pending> batch = new ArrayList<>();
        synchronized (waiting) {
            while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(waiting.poll());
            }
        }
        SubmitOutcome[] outcomes = new SubmitOutcome[batch.size()];
        RuntimeException[] failures = new RuntimeException[batch.size()];
        try {
            db.transaction(connection -> {
                Statements sql = db.on(connection);
                for (int i = 0; i < batch.size(); i++) {
                    Savepoint before = connection.setSavepoint();
                    try {
                        outcomes[i] = decide.apply(sql, batch.get(i).request);
                        connection.releaseSavepoint(before);
                    } catch (RuntimeException e) {
                        connection.rollback(before);
                        failures[i] = e;
                    }
                }
                return null;
            });
            commits.incrementAndGet();
        } catch (RuntimeException | Error e) {
            // Nothing of the batch is stored: every caller in it learns so, none is told it was accepted. An Error is
            // passed on to this caller too, but the others in the batch must not wait for a commit that will not come.
            RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException("submissions not stored: " + e, e);
            for (int i = 0; i < batch.size(); i++) {
                outcomes[i] = null;
                failures[i] = failure;
            }
            if (e instanceof Error error) {
                finishAll(batch, outcomes, failures);
                throw error;
            }
        }
        finishAll(batch, outcomes, failures);
    }

    private static void finishAll(List<Pending> batch, SubmitOutcome[] outcomes, RuntimeException[] failures) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).finish(outcomes[i], failures[i]);
        }
    }

    /** A submission waiting for its commit, and then what came of it. */
    private static final class Pending {
        final SubmissionRequest request;
        SubmitOutcome outcome;
        RuntimeException failure;
        /** Written last, after the outcome or failure, and read first: it publishes them to the waiting caller. */
        volatile boolean done;

        Pending(SubmissionRequest request) {
            this.request = request;
        }

        void finish(SubmitOutcome result, RuntimeException problem) {
            outcome = result;
            failure = problem;
            done = true;
        }
    }
}
