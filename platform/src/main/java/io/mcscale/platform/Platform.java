package io.mcscale.platform;

import io.mcscale.platform.auth.AuthMode;
import io.mcscale.platform.http.ApiServer;
import io.mcscale.platform.metrics.PlatformMetrics;
import io.mcscale.platform.store.JobStore;
import io.mcscale.platform.worker.WorkerPool;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running platform instance: the HTTP API, the workers and the metrics over a shared job store.
 *
 * <p>Lifecycle: {@link #start} serves and works; {@link #drain()} stops claiming new simulations
 * (health answers 503 draining) while running ones finish; {@link #drainAndStop(Duration)} is what
 * SIGTERM does: drain, wait for running simulations up to the grace period, then stop. Queued
 * simulations stay in the store for the other instances, and any still running at the end of the
 * grace period go back to the queue.
 */
public final class Platform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private final PlatformConfig config;
    private final JobStore store;
    private final WorkerPool workers;
    private final PlatformMetrics metrics;
    private final ApiServer api;
    private boolean closed;

    private Platform(PlatformConfig config, JobStore store, InstantSource clock) {
        this.config = config;
        this.store = store;
        AtomicReference<ApiServer> apiRef = new AtomicReference<>();
        AtomicReference<PlatformMetrics> metricsRef = new AtomicReference<>();
        this.workers = new WorkerPool(store, config.instanceId(), config.workers(), config.lease(), config.heartbeat(),
                config.tierWeights(), clock, job -> {
                    if (metricsRef.get() != null) {
                        metricsRef.get().simulationStarted(job);
                    }
                }, (id, status) -> {
                    if (status != null && metricsRef.get() != null) {
                        metricsRef.get().simulationFinished(status);
                    }
                    if (apiRef.get() != null) {
                        apiRef.get().simulationFinished(id);
                    }
                });
        this.metrics = new PlatformMetrics(store, workers, config.instanceId(), config.version(), clock,
                config.activeUserWindow(), config.cpuSource());
        metricsRef.set(metrics);
        this.api = new ApiServer(config, store, workers, metrics, clock);
        apiRef.set(api);
    }

    /** Starts serving on the configured port and working the shared queue. The caller keeps ownership of nothing: close() closes the store too. */
    public static Platform start(PlatformConfig config, JobStore store, InstantSource clock) {
        var platform = new Platform(config, store, clock);
        try {
            platform.api.start();
        } catch (RuntimeException e) {
            platform.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": " + rootMessage(e), e);
        }
        platform.workers.start();
        exposureWarning(config, platform.port()).ifPresent(log::warn);
        return platform;
    }

    /** What to warn about at start: trusting {@code X-User-Id} while listening beyond loopback lets any client act as any user. */
    static Optional<String> exposureWarning(PlatformConfig config, int port) {
        if (config.auth() != AuthMode.HEADER || isLoopback(config.host())) {
            return Optional.empty();
        }
        return Optional.of("--auth header: this platform trusts the X-User-Id header from anyone who can reach " + config.host() + ":"
                + port + ", so any client can act as any user; run it with --auth keys (env PLATFORM_AUTH=keys) unless only an"
                + " authenticating proxy reaches it");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public int port() {
        return api.port();
    }

    public PlatformConfig config() {
        return config;
    }

    public void drain() {
        workers.setDraining(true);
    }

    public void resume() {
        workers.setDraining(false);
    }

    public boolean isDraining() {
        return workers.isDraining();
    }

    public int runningSimulations() {
        return workers.runningCount();
    }

    /**
     * Drains, waits up to {@code grace} for the running simulations, then stops.
     *
     * @return true if every running simulation finished within the grace period
     */
    public boolean drainAndStop(Duration grace) {
        drain();
        int running = workers.runningCount();
        if (running > 0) {
            log.info("draining: waiting up to {} s for {} running simulation(s)", grace.toSeconds(), running);
        }
        boolean finished;
        try {
            finished = workers.awaitIdle(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            log.warn("grace period of {} s passed; giving the unfinished simulations back to the queue", grace.toSeconds());
        }
        close();
        return finished;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.close();
        api.close();
        metrics.close();
        store.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
