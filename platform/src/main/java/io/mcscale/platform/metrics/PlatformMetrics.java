package io.mcscale.platform.metrics;

import io.mcscale.platform.auth.Caller;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.store.JobStore;
import io.mcscale.platform.store.StoreException;
import io.mcscale.platform.worker.WorkerPool;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's figures: the Contract 1 report for {@code /api/metrics} and the Prometheus
 * registry for {@code /metrics}. Requests are recorded as they finish; machine use is sampled in
 * the background (every 2 s; GPU every 5 s) so that a metrics request never waits for the driver.
 *
 * <p>Active users: the scaler sums {@code active_users} over the instances (Contract 3), and nginx
 * sends one user's requests to any of them, so each instance counts only the users it saw last.
 * Sightings go to the shared store every few seconds (and before each count), which decides.
 */
public final class PlatformMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlatformMetrics.class);
    private static final long SIGHTINGS_EVERY_SECONDS = 5;
    /**
     * The JVM's own metrics (memory, GC, threads, process CPU): one registry per JVM, which every
     * platform in it reads through. JvmMetrics keeps each registry it fills for the life of the
     * JVM, so filling each platform's own registry would keep every closed platform alive.
     */
    private static final PrometheusRegistry JVM_METRICS = jvmMetrics();

    private final JobStore store;
    private final WorkerPool workers;
    private final String instanceId;
    private final String version;
    private final Instant startedAt;
    private final LatencyWindow simulationLatency = new LatencyWindow(60);
    private final UserSightings sightings = new UserSightings();
    private final TierMetrics tierMetrics = new TierMetrics();
    private final Duration activeUserWindow;
    private final InstantSource clock;
    private final SystemUsage system = new SystemUsage();
    private final CpuSource cpuSource;
    private final ScheduledExecutorService sampler;
    private volatile double cpu;
    private volatile double memory;
    private volatile SystemUsage.GpuUsage gpu = SystemUsage.GpuUsage.NONE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram requestDuration;
    private final Counter simulationsFinished;

    public PlatformMetrics(JobStore store, WorkerPool workers, String instanceId, String version, InstantSource clock,
            Duration activeUserWindow, CpuSource cpuSource) {
        this.store = store;
        this.workers = workers;
        this.instanceId = instanceId;
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.activeUserWindow = activeUserWindow;
        this.cpuSource = cpuSource;
        this.cpu = system.cpuPercent(cpuSource);
        this.memory = system.memoryPercent();
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(() -> {
            cpu = system.cpuPercent(cpuSource);
            memory = system.memoryPercent();
        }, 2, 2, TimeUnit.SECONDS);
        sampler.scheduleWithFixedDelay(() -> gpu = system.gpu(), 0, 5, TimeUnit.SECONDS);
        sampler.scheduleWithFixedDelay(this::shareSightings, SIGHTINGS_EVERY_SECONDS, SIGHTINGS_EVERY_SECONDS, TimeUnit.SECONDS);

        registry.register((MultiCollector) JVM_METRICS::scrape);
        requestDuration = Histogram.builder().name("mcscale_http_request_duration_seconds")
                .help("HTTP request latency by route").labelNames("method", "route", "status")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .classicOnly().register(registry);
        simulationsFinished = Counter.builder().name("mcscale_simulations_finished_total")
                .help("Simulations this instance finished, by final status").labelNames("status").register(registry);
        GaugeWithCallback.builder().name("mcscale_simulations").help("Simulations in the shared store by status")
                .labelNames("status").callback(cb -> {
                    Map<JobStatus, Long> counts = store.countByStatus();
                    counts.forEach((status, n) -> cb.call(n, status.word()));
                }).register(registry);
        GaugeWithCallback.builder().name("mcscale_running_simulations").help("Simulations running on this instance")
                .callback(cb -> cb.call(workers.runningCount())).register(registry);
        GaugeWithCallback.builder().name("mcscale_workers").help("Worker threads of this instance")
                .callback(cb -> cb.call(workers.size())).register(registry);
        GaugeWithCallback.builder().name("mcscale_draining").help("1 while this instance is draining")
                .callback(cb -> cb.call(workers.isDraining() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("mcscale_cpu_usage_percent")
                .help("CPU use as cpu_usage reports it: the machine's, or with --cpu-source process this process's")
                .callback(cb -> cb.call(cpu)).register(registry);
        GaugeWithCallback.builder().name("mcscale_memory_usage_percent").help("Machine memory use")
                .callback(cb -> cb.call(memory)).register(registry);
        GaugeWithCallback.builder().name("mcscale_gpu_usage_percent").help("Mean GPU use, absent without a GPU")
                .callback(cb -> {
                    SystemUsage.GpuUsage g = gpu;
                    if (g.count() > 0) {
                        cb.call(g.percent());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("mcscale_gpu_count").help("GPUs the driver reports, 0 without a GPU")
                .callback(cb -> cb.call(gpu.count())).register(registry);
        GaugeWithCallback.builder().name("mcscale_active_users").help("Users active in the window (Contract 1)")
                .callback(cb -> cb.call(activeUserCount(clock.instant()))).register(registry);
        GaugeWithCallback.builder().name("mcscale_avg_response_time_ms")
                .help("Mean latency of simulation API requests over the last 60 s")
                .callback(cb -> cb.call(simulationLatency.snapshot(clock.millis()).meanMillis())).register(registry);
        registry.register((MultiCollector) this::tierGauges);
    }

    /**
     * A finished HTTP request. Simulation API requests also count for users and the 60 s latency window.
     *
     * @param caller who sent it, or null when the request was refused before that was known
     */
    public void requestFinished(String method, String route, int status, double millis, Caller caller, boolean simulationApi,
            boolean waited, long nowMillis) {
        requestDuration.labelValues(method, route, Integer.toString(status)).observe(millis / 1000.0);
        if (simulationApi) {
            if (caller != null) {
                sightings.seen(caller.userId(), caller.tier(), nowMillis);
            }
            // Time held by ?wait is the simulation's, not the API's: it would swamp the response-time signal. A request
            // refused before anyone was known (a bad key, no user) is fast; a flood of them would hide slow answers.
            if (!waited && caller != null) {
                simulationLatency.record(nowMillis, millis);
            }
        }
    }

    /** A simulation this instance claimed; its wait counts in its tier's figures for 60 s. */
    public void simulationStarted(Job job) {
        tierMetrics.started(job);
    }

    public void simulationFinished(JobStatus status) {
        simulationsFinished.labelValues(status.word()).inc();
    }

    public MetricsReport report(Instant now) {
        long nowMillis = now.toEpochMilli();
        LatencyWindow.Snapshot latency = simulationLatency.snapshot(nowMillis);
        SystemUsage.GpuUsage gpuNow = gpu;
        // The six keys' users and queue are the sums of the tiers', so the two never disagree.
        Map<Tier, TierFigures> tiers = tierFigures(now);
        return new MetricsReport(
                (int) tiers.values().stream().mapToLong(TierFigures::activeUsers).sum(),
                cpu,
                memory,
                gpuNow.percent(),
                tiers.values().stream().mapToLong(TierFigures::simulationQueueLength).sum(),
                latency.meanMillis(),
                instanceId,
                workers.runningCount(),
                latency.p95Millis(),
                workers.isDraining(),
                Duration.between(startedAt, now).toSeconds(),
                version,
                gpuNow.count(),
                workers.size(),
                tiers);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        var out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public String prometheusContentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Active users that belong to this instance; the store is asked, so a failure is an error, never a zero. */
    private int activeUserCount(Instant now) {
        writeSightings();
        return (int) store.countActiveUsers(instanceId, now.minus(activeUserWindow));
    }

    /** Every tier's users, queue and waits as this instance owns them; a store failure is an error, never a zero. */
    private Map<Tier, TierFigures> tierFigures(Instant now) {
        writeSightings();
        return tierMetrics.figures(store, instanceId, now, store.countActiveUsersByTier(instanceId, now.minus(activeUserWindow)));
    }

    /** The tier figures as Prometheus gauges labelled {@code tier}, from one reading of the store per scrape. */
    private MetricSnapshots tierGauges() {
        Map<Tier, TierFigures> tiers = tierFigures(clock.instant());
        return new MetricSnapshots(
                tierGauge("mcscale_tier_active_users", "Active users per tier, as active_users counts them", tiers,
                        TierFigures::activeUsers),
                tierGauge("mcscale_tier_simulation_queue_length", "Queued simulations per tier, as simulation_queue_length"
                        + " counts them", tiers, TierFigures::simulationQueueLength),
                tierGauge("mcscale_tier_avg_wait_seconds", "Mean wait from submit to start per tier: simulations started"
                        + " here in the last 60 s and the age of those still queued", tiers, TierFigures::avgWaitSeconds),
                tierGauge("mcscale_tier_wait_p95_seconds", "95th percentile of the same waits per tier", tiers,
                        TierFigures::waitP95Seconds));
    }

    private static GaugeSnapshot tierGauge(String name, String help, Map<Tier, TierFigures> tiers,
            ToDoubleFunction<TierFigures> value) {
        var gauge = GaugeSnapshot.builder().name(name).help(help);
        tiers.forEach((tier, figures) -> gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("tier", tier.wire())).value(value.applyAsDouble(figures)).build()));
        return gauge.build();
    }

    private void writeSightings() {
        Map<String, JobStore.UserSighting> seen = sightings.pending();
        store.recordUserActivity(instanceId, seen);
        sightings.written(seen);
    }

    /** Lets the other instances know whom this one saw, and forgets users who count nowhere any more. */
    private void shareSightings() {
        try {
            writeSightings();
            store.forgetInactiveUsers(clock.instant().minus(activeUserWindow));
        } catch (StoreException e) {
            log.warn("could not share the users seen here (kept for the next try): {}", e.getMessage());
        }
    }

    private static PrometheusRegistry jvmMetrics() {
        PrometheusRegistry jvm = new PrometheusRegistry();
        JvmMetrics.builder().register(jvm);
        return jvm;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
