package io.mcscale.platform.http;

import io.mcscale.platform.store.JobStore;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Admission control for submissions: at most {@code concurrent} of them work on the store at once, and
 * one that cannot start within {@code maxWait} of its arrival is shed with 503 and {@code Retry-After}.
 *
 * <p>Without it, a burst (300 users on a cold instance) queued every submission behind the store's one
 * writer, and clients waited 10 s and more for an answer, timed out, and did not know whether their
 * simulation existed. With it, a client gets an answer within a few hundred ms: accepted, or "not now".
 * The time since the request arrived ({@link RequestArrival}) counts against {@code maxWait}; a request that
 * finds a free turn takes it, however long it waited.
 *
 * <p>The line of waiting submissions is bounded too ({@code maxWaiting}), like Envoy's pending-request limit: one that
 * finds the line full is shed at once instead of holding a server thread for {@code maxWait} to be shed then. In a burst
 * of 300 every waiting submission held one of Jetty's threads, the requests behind them waited for a thread before
 * admission could even look at them, and some 503s took over 1.2 s.
 */
final class SubmitAdmission {
    /** How long a submission may wait for its turn at the store, from its arrival. */
    static final Duration MAX_WAIT = Duration.ofMillis(300);
    /**
     * Submissions working on an SQLite store at once. SQLite has one writer, and each commit syncs the disk, so the store
     * writes the submissions waiting for it together, one commit for all (group commit, {@code SubmissionBatcher}); this
     * many admitted at once all fit in the next commit, so none waits longer than the commit in progress and its own. With
     * one at a time, a burst on a busy machine got 14-42 of 300 accepted within the bound, the rest shed; with 8 admitted and
     * a commit each, they waited 0.6 s (median) for the write lock, behind each other.
     */
    static final int CONCURRENT_SQLITE = JobStore.SQLITE_SUBMIT_BATCH;
    /** Submissions working on a PostgreSQL store at once: half its pool, the rest left to the workers and reads. */
    static final int CONCURRENT_POSTGRES = 8;
    /**
     * Submissions that may wait, per one working: two full turns' worth. A submission behind more than that would not get
     * its turn within {@link #MAX_WAIT} on a busy machine anyway.
     */
    static final int WAITING_PER_TURN = 2;

    private final Semaphore permits;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final long maxWaitNanos;
    private final int retryAfterSeconds;

    static SubmitAdmission forStore(JobStore.Kind kind, int retryAfterSeconds) {
        int concurrent = kind == JobStore.Kind.SQLITE ? CONCURRENT_SQLITE : CONCURRENT_POSTGRES;
        return new SubmitAdmission(concurrent, WAITING_PER_TURN * concurrent, MAX_WAIT, retryAfterSeconds);
    }

    SubmitAdmission(int concurrent, int maxWaiting, Duration maxWait, int retryAfterSeconds) {
        this.permits = new Semaphore(concurrent, true);
        this.maxWaiting = maxWaiting;
        this.maxWaitNanos = maxWait.toNanos();
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Runs {@code work} once admitted, or sheds the submission.
     *
     * @param waitedNanos how long the request already waited before its handler ran
     * @throws ApiError 503 with Retry-After when no turn came within the limit
     */
    <T> T admit(long waitedNanos, Supplier<T> work) {
        long left = maxWaitNanos - Math.max(0, waitedNanos);
        boolean admitted;
        try {
            // A free turn is always taken: a lone request on a slow (busy, or cold) machine is not overload.
            admitted = permits.tryAcquire() || left > 0 && waitInLine(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw ApiError.retryLater(503, null, "the instance is busy: no turn at the job store within "
                    + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    /** How many submissions wait for a turn now. */
    int waiting() {
        return waiting.get();
    }

    /** Waits for a turn for at most {@code nanos}, if the line has room; false when it is full or the time ran out. */
    private boolean waitInLine(long nanos) throws InterruptedException {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return permits.tryAcquire(nanos, TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
    }
}
