package io.mcscale.platform.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.engine.CancellationToken;
import io.mcscale.engine.Models;
import io.mcscale.engine.SimulationCancelledException;
import io.mcscale.engine.SimulationModel;
import io.mcscale.engine.SimulationRequest;
import io.mcscale.engine.SimulationResult;
import io.mcscale.engine.Simulator;
import io.mcscale.platform.auth.TierWeights;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's workers: each claims the next job from the shared store (fairly, by user weighted
 * by tier: see {@link JobStore#claimNext(String, Instant, Duration, TierWeights)}), runs it on the engine on one thread, and records the
 * outcome. A heartbeat saves progress, renews the leases of running jobs, acts on cancellations
 * asked through any instance, and returns jobs of dead instances to the queue.
 *
 * <p>Draining stops claiming; jobs already running finish.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final JobStore store;
    private final String instanceId;
    private final int size;
    private final Duration lease;
    private final Duration heartbeatInterval;
    private final InstantSource clock;
    private final TierWeights weights;
    private final Consumer<Job> onStarted;
    private final BiConsumer<String, JobStatus> onFinished;
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    private final Semaphore wakeups = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService heartbeat;
    private volatile boolean draining;
    private volatile boolean stopped;

    /** A job this instance is running: its cancel switch and the last progress the engine reported. */
    private static final class RunningJob {
        final CancellationToken token = new CancellationToken();
        volatile double progress;
    }

    /**
     * @param weights each tier's weight in the fair-share claim
     * @param onStarted told each job this instance claimed, as claimed (e.g. to record how long it waited)
     * @param onFinished told the id and final status of each job this instance ran, e.g. to answer requests waiting for it
     */
    public WorkerPool(JobStore store, String instanceId, int size, Duration lease, Duration heartbeatInterval, TierWeights weights,
            InstantSource clock, Consumer<Job> onStarted, BiConsumer<String, JobStatus> onFinished) {
        this.store = store;
        this.instanceId = instanceId;
        this.size = size;
        this.lease = lease;
        this.heartbeatInterval = heartbeatInterval;
        this.clock = clock;
        this.weights = weights;
        this.onStarted = onStarted;
        this.onFinished = onFinished;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "heartbeat"));
    }

    public void start() {
        for (int i = 0; i < size; i++) {
            Thread thread = daemon(this::workLoop, "worker-" + i);
            threads.add(thread);
            thread.start();
        }
        long every = heartbeatInterval.toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** A job was queued through this instance: an idle worker claims it now instead of at its next poll. */
    public void wake() {
        if (wakeups.availablePermits() < size) {
            wakeups.release();
        }
    }

    public void setDraining(boolean drain) {
        draining = drain;
        if (!drain) {
            wakeups.release(size);
        }
    }

    public boolean isDraining() {
        return draining;
    }

    public int runningCount() {
        return running.size();
    }

    public int size() {
        return size;
    }

    /** Cancels a job if this instance runs it; the engine stops at its next chunk. */
    public boolean cancelLocally(String id) {
        RunningJob job = running.get(id);
        if (job != null) {
            job.token.cancel();
        }
        return job != null;
    }

    /**
     * Waits until no job runs here or {@code timeout} passes.
     *
     * @return true if all running jobs finished
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (running) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(running, left);
            }
        }
        return true;
    }

    /**
     * Stops the workers. Jobs still running are cancelled and given back to the queue at once, so
     * another instance runs them without waiting for their leases to expire.
     */
    @Override
    public void close() {
        stopped = true;
        draining = true;
        List<String> unfinished = new ArrayList<>(running.keySet());
        running.values().forEach(job -> job.token.cancel());
        wakeups.release(size);
        heartbeat.shutdownNow();
        for (Thread thread : threads) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!unfinished.isEmpty()) {
            int released = store.release(instanceId, unfinished);
            log.info("gave {} unfinished simulation(s) back to the queue", released);
        }
    }

    private void workLoop() {
        while (!stopped) {
            try {
                if (draining) {
                    wakeups.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                var claimed = store.claimNext(instanceId, clock.instant(), lease, weights);
                if (claimed.isPresent()) {
                    onStarted.accept(claimed.get());
                    run(claimed.get());
                } else {
                    wakeups.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("worker could not claim a job: {}", e.getMessage());
                pause();
            }
        }
    }

    private void run(Job job) {
        var state = new RunningJob();
        running.put(job.id(), state);
        JobStatus status;
        String result = null;
        String error = null;
        try {
            Map<String, Object> parameters = JSON.readValue(job.parametersJson(), new TypeReference<>() { });
            SimulationModel model = Models.create(job.model(), parameters);
            SimulationResult outcome = Simulator.run(new SimulationRequest(model, job.paths(), job.seed(), 1, job.antithetic()),
                    fraction -> state.progress = fraction, state.token);
            status = JobStatus.SUCCEEDED;
            result = JSON.writeValueAsString(resultFields(outcome));
            state.progress = 1.0;
        } catch (SimulationCancelledException e) {
            status = JobStatus.CANCELLED;
            error = stopped ? "instance stopped" : "cancelled";
        } catch (Exception e) {
            status = JobStatus.FAILED;
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.info("simulation {} failed: {}", job.id(), error);
        }
        try {
            // A job interrupted by our own stop goes back to the queue (close() releases it); record the rest.
            if (!(stopped && status == JobStatus.CANCELLED)) {
                if (!store.finish(job.id(), instanceId, status, result, error, state.progress, clock.instant())) {
                    log.warn("simulation {} finished after its lease was lost; another instance runs it", job.id());
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not record the end of simulation {}: {}", job.id(), e.getMessage());
        } finally {
            running.remove(job.id());
            synchronized (running) {
                running.notifyAll();
            }
            onFinished.accept(job.id(), status);
        }
    }

    /** The engine's result in the API's field names; model-specific extras sit beside the common ones. */
    static Map<String, Object> resultFields(SimulationResult r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("estimate", r.estimate());
        fields.put("std_error", r.stdError());
        fields.put("ci95_low", r.ci95Low());
        fields.put("ci95_high", r.ci95High());
        fields.put("paths", r.paths());
        fields.put("seed", r.seed());
        fields.put("threads", r.threads());
        fields.put("elapsed_ms", r.elapsedMs());
        fields.putAll(r.extras());
        return fields;
    }

    private void beat() {
        try {
            Instant now = clock.instant();
            Map<String, Double> progress = new HashMap<>();
            running.forEach((id, job) -> progress.put(id, job.progress));
            store.heartbeat(instanceId, progress, now.plus(lease));
            if (!running.isEmpty()) {
                for (String id : store.cancelRequested(instanceId)) {
                    cancelLocally(id);
                }
            }
            int recovered = store.recoverExpiredLeases(now);
            if (recovered > 0) {
                log.info("returned {} simulation(s) of a lost instance to the queue", recovered);
                wakeups.release(Math.min(recovered, size));
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(IDLE_POLL.toMillis()); // back off after a store error; not a test wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
