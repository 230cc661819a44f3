package io.mcscale.scaler;

import io.mcscale.core.model.Backend;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.scaler.admin.AdminServer;
import io.mcscale.scaler.admin.AdminToken;
import io.mcscale.scaler.admin.StatusDocuments;
import io.mcscale.scaler.balancer.BalancerException;
import io.mcscale.scaler.balancer.Balancers;
import io.mcscale.scaler.balancer.RunningBalancer;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.config.BalancerSettings;
import io.mcscale.scaler.config.ControlSettings;
import io.mcscale.scaler.config.Secret;
import io.mcscale.scaler.control.AutoscalerController;
import io.mcscale.scaler.control.PredictiveScaling;
import io.mcscale.scaler.control.ControlMetrics;
import io.mcscale.scaler.control.MachineTimings;
import io.mcscale.scaler.control.PlatformRestartCommand;
import io.mcscale.scaler.control.PrimaryRepair;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.MachineProviders;
import io.mcscale.scaler.provider.ScalerMachine;
import io.mcscale.scaler.store.EventRetention;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.scaler.store.EventStoreException;
import io.mcscale.scaler.store.PrunedEvents;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code monte-carlo-autoscaler} service: wires the configuration into the event store, the
 * provider ({@link MachineProviders}), the balancer ({@link Balancers}), the control loop and the
 * admin API, then ticks every {@code POLL_INTERVAL_SECONDS}, or at once when an operator request
 * arrives. This is the only place that holds a clock. {@link #close()} lets the tick under way finish
 * (or interrupts it after a few seconds) and releases everything; the machines keep running and the next start finds them.
 */
public final class AutoscalerDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AutoscalerDaemon.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

    private final AutoscalerController controller;
    private final EventStore store;
    private final EventRetention retention;
    private Instant nextPrune = Instant.MIN;
    private final RunningBalancer balancer;
    private final AdminServer admin;
    private final InstantSource clock;
    private final Duration pollInterval;
    private final Thread loop;
    private final Object signal = new Object();
    private boolean wake;
    private volatile boolean running = true;

    private AutoscalerDaemon(AutoscalerConfig config, Path installDir, InstantSource clock) throws BalancerException {
        ControlSettings control = config.control();
        this.clock = clock;
        this.pollInterval = control.pollInterval();
        this.retention = new EventRetention(control.eventRetention());
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            store = EventStore.open(control.dataDir().resolve("events.db"));
            opened.add(store);
            MachineProvider provider = MachineProviders.create(config, installDir);
            Optional<Backend> primary = config.group().primary().backend();
            // DRY_RUN touches no balancer: not even a managed nginx is started.
            BalancerSettings b = config.balancer();
            BalancerSettings balancerSettings = control.dryRun()
                    ? new BalancerSettings(BalancerSettings.Kind.NONE, b.nginxMode(), b.upstreamFile(), b.reloadCommand(),
                            b.testCommand(), b.listenPort(), b.prefixDir())
                    : b;
            balancer = Balancers.open(balancerSettings, primary.map(List::of).orElse(List.of()));
            opened.add(balancer);
            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            MachineTimings timings = new MachineTimings(config.provider().startTimeout(), config.provider().stopTimeout(),
                    control.drainTimeout(), control.pollInterval(), config.regions().startOffTimeout());
            PlatformClient platforms = new PlatformClient(control.metricsTimeout(),
                    control.platformAdminToken().map(Secret::reveal).orElse(""));
            controller = AutoscalerController.create(config.group(),
                    new GroupPolicy(config.policy(), control.healthFailuresForFailover()), provider, balancer, platforms,
                    store, timings, control.dryRun(), new ControlMetrics(registry), config.cost(), primaryRepair(config));
            controller.onRequest(this::wakeUp);
            controller.regions(config.regions().preference(), config.regions().weights());
            control.predictiveLead().ifPresent(lead -> controller.predictive(
                    new PredictiveScaling(config.policy(), lead, control.pollInterval())));
            String token = AdminToken.loadOrCreate(control.adminToken().map(Secret::reveal), control.dataDir());
            StatusDocuments documents = new StatusDocuments(controller::snapshot, controller.cost(), store,
                    config.policy(), config.cost(), clock);
            admin = new AdminServer(control.adminListenHost(), control.adminListenPort(), token, documents, controller::submit,
                    registry);
            admin.start();
            opened.add(admin);
            log.info("autoscaler: provider {}, balancer {}, admin API on {}:{}, poll every {} s{}", provider.name(),
                    balancer.description(), control.adminListenHost(), admin.port(), pollInterval.toMillis() / 1000.0,
                    control.dryRun() ? ", DRY_RUN (no provider start/stop, no balancer, no drain)" : "");
        } catch (RuntimeException | BalancerException e) {
            for (AutoCloseable c : opened) {
                closeQuietly(c);
            }
            throw e;
        }
        loop = new Thread(this::run, "autoscaler-loop");
    }

    /** Opens everything the configuration names and starts ticking. */
    public static AutoscalerDaemon start(AutoscalerConfig config, Path installDir, InstantSource clock) throws BalancerException {
        AutoscalerDaemon daemon = new AutoscalerDaemon(config, installDir, clock);
        daemon.loop.start();
        return daemon;
    }

    public AutoscalerController controller() {
        return controller;
    }

    public int adminPort() {
        return admin.port();
    }

    private void run() {
        while (running) {
            try {
                controller.tick(clock.instant());
                pruneIfDue(clock.instant());
            } catch (RuntimeException e) {
                // A tick that fails (e.g. the event store is unwritable) is logged and tried again next poll.
                log.error("tick failed: {}", e.getMessage(), e);
            }
            synchronized (signal) {
                if (!wake && running) {
                    try {
                        signal.wait(Math.max(1, pollInterval.toMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                wake = false;
            }
        }
    }

    /** Applies the event store's retention on the first tick, then once an hour. */
    private void pruneIfDue(Instant now) {
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        try {
            PrunedEvents pruned = store.prune(retention, now);
            if (pruned.total() > 0) {
                log.info("event store retention ({} days of decisions): deleted {}", retention.decisions().toDays(), pruned);
            }
        } catch (EventStoreException e) {
            log.warn("event store retention failed, tried again in {} min: {}", PRUNE_EVERY.toMinutes(), e.getMessage());
        }
    }

    private void wakeUp() {
        synchronized (signal) {
            wake = true;
            signal.notifyAll();
        }
    }

    /** Blocks until {@link #close()} is called (from the SIGTERM hook). */
    public void awaitShutdown() throws InterruptedException {
        loop.join();
    }

    @Override
    public void close() {
        running = false;
        wakeUp();
        try {
            // A tick normally ends within its calls' deadlines; one still inside a provider call
            // (30 s per attempt, with retries) is interrupted, so SIGTERM stops us within seconds.
            loop.join(CLOSE_GRACE.toMillis());
            if (loop.isAlive()) {
                log.warn("the tick under way did not end within {} s; interrupting it", CLOSE_GRACE.toSeconds());
                loop.interrupt();
                loop.join(CLOSE_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(admin);
        closeQuietly(balancer);
        closeQuietly(store);
        log.info("autoscaler stopped; machines keep running and the next start finds them");
    }

    /** On the scaler's own machine failover restarts only the platform; elsewhere the provider reboots the primary. */
    private static PrimaryRepair primaryRepair(AutoscalerConfig config) {
        boolean onScalerMachine = ScalerMachine.of(config)
                .filter(m -> m.machineId().equals(config.group().primary().machineId())).isPresent();
        return new PrimaryRepair(onScalerMachine, new PlatformRestartCommand(config.provider().platformRestartCommand(),
                config.provider().platformRestartTimeout(), config.control().dataDir().resolve("platform-restart.log")));
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
        }
    }
}
