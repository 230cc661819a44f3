package io.mcscale.platform.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the job store can do its job, as {@code /api/health} reports it: the database file this
 * instance opened is still the one on disk, and a small write succeeds within {@link #PROBE_LIMIT}.
 *
 * <p>The answer is kept for {@link #CACHE_FOR}, so health checks from nginx, the scaler and
 * monitors cost one write every 2 s at most. A probe stuck on a lock is not started again while it
 * waits: the instance is unhealthy until that write finishes.
 */
public final class StoreHealth implements AutoCloseable {
    static final Duration CACHE_FOR = Duration.ofSeconds(2);
    static final Duration PROBE_LIMIT = Duration.ofSeconds(1);

    private final JobStore store;
    private final String instanceId;
    private final InstantSource clock;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "store-health-probe");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> probe;
    private Optional<String> problem = Optional.empty();
    private Instant checkedAt = Instant.MIN;
    /**
     * Guards the file check apart from the write probe's monitor: {@link #problem()} may hold that for up to
     * {@link #PROBE_LIMIT} while a probe waits for the write lock, and every submission asks {@link #fileProblem()}.
     */
    private final Object fileCheck = new Object();
    private Optional<String> fileProblem = Optional.empty();
    private Instant fileCheckedAt = Instant.MIN;

    public StoreHealth(JobStore store, String instanceId, InstantSource clock) {
        this.store = store;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** Why the store cannot do its job, or empty when it can. */
    public synchronized Optional<String> problem() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(CACHE_FOR))) {
            return problem;
        }
        problem = store.databaseFileProblem().or(this::writeProblem);
        checkedAt = clock.instant();
        return problem;
    }

    /**
     * Why the database file is not the one this instance opened, checked at most every {@link #CACHE_FOR}: what a
     * submission consults, so that no simulation is accepted into a file that no other instance or restart sees.
     */
    public Optional<String> fileProblem() {
        synchronized (fileCheck) {
            Instant now = clock.instant();
            if (!now.isBefore(fileCheckedAt.plus(CACHE_FOR))) {
                fileProblem = store.databaseFileProblem();
                fileCheckedAt = now;
            }
            return fileProblem;
        }
    }

    private Optional<String> writeProblem() {
        if (probe == null) {
            probe = prober.submit(() -> store.probeWrite(instanceId, clock.instant()));
        }
        try {
            probe.get(PROBE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            probe = null;
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("a write to the job store did not finish within " + PROBE_LIMIT.toMillis()
                    + " ms (database locked, disk full or slow)");
        } catch (ExecutionException e) {
            probe = null;
            return Optional.of("the job store cannot be written: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking the job store");
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
