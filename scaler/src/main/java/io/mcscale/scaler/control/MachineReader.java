package io.mcscale.scaler.control;

import io.mcscale.core.model.Backend;
import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MetricSample;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.scaler.collect.Health;
import io.mcscale.scaler.collect.MetricsRead;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The loop's eyes on the platforms: each tick it reads the health and metrics of every machine
 * that runs one, counts failed checks and reads, and aggregates the serving machines' metrics into
 * the reading the policy sees. A failed read is never zeros: it is a failure in the reading.
 */
final class MachineReader {
    private final PlatformClient platforms;
    private final ControlRecorder recorder;
    private final int healthFailuresForEvent;
    /** One thread per platform read at most; idle ones end after a minute. Daemon threads: they never hold up exit. */
    private final ExecutorService reads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "platform-read");
        thread.setDaemon(true);
        return thread;
    });

    /** @param healthFailuresForEvent failed reads in a row of one machine that are recorded as a health event */
    MachineReader(PlatformClient platforms, ControlRecorder recorder, int healthFailuresForEvent) {
        this.platforms = platforms;
        this.recorder = recorder;
        this.healthFailuresForEvent = healthFailuresForEvent;
    }

    /**
     * Reads health and metrics of every machine that runs a platform, all at once, then counts each one's failures
     * on the loop's thread. Each call has its own deadline ({@code METRICS_TIMEOUT_SECONDS}, body included), so a
     * stuck instance costs the tick one deadline however many instances there are, and its failure never hides
     * the others' readings. Once the primary has served, an off or failing primary counts towards failover.
     */
    void collectAll(List<ManagedMachine> machines, boolean primaryEverServed, Instant now) {
        Map<ManagedMachine, Future<PlatformReads>> pending = new LinkedHashMap<>();
        for (ManagedMachine m : machines) {
            m.lastSample = Optional.empty();
            MachinePhase phase = m.phase();
            if (phase == MachinePhase.OFF || phase == MachinePhase.STOPPING || m.backend.isEmpty()) {
                if (m.isPrimary() && phase == MachinePhase.OFF && primaryEverServed) {
                    m.healthFailures++;
                }
                continue;
            }
            Backend backend = m.backend.get();
            pending.put(m, reads.submit(() -> read(backend, phase)));
        }
        pending.forEach((m, reading) -> apply(m, await(reading), primaryEverServed, now));
    }

    /** The HTTP part, off the loop's thread: it touches no machine record. */
    private PlatformReads read(Backend backend, MachinePhase phase) {
        Health health = platforms.health(backend);
        // A starting machine that answers healthy serves from this tick on, so its metrics count already.
        boolean wantsMetrics = phase == MachinePhase.SERVING || phase == MachinePhase.DRAINING
                || (phase == MachinePhase.STARTING && health == Health.OK);
        return new PlatformReads(health, wantsMetrics ? Optional.of(platforms.metrics(backend)) : Optional.empty());
    }

    private static PlatformReads await(Future<PlatformReads> reading) {
        try {
            return reading.get();
        } catch (InterruptedException e) {
            // The daemon is stopping: this tick's reads count as failed, and the loop ends after it.
            Thread.currentThread().interrupt();
            reading.cancel(true);
            return PlatformReads.failed("interrupted: the scaler is stopping");
        } catch (ExecutionException e) {
            return PlatformReads.failed(String.valueOf(e.getCause()));
        }
    }

    private void apply(ManagedMachine m, PlatformReads reads, boolean primaryEverServed, Instant now) {
        MachinePhase phase = m.phase();
        m.lastHealth = Optional.of(reads.health());
        if (reads.metrics().isPresent()) {
            MetricsRead read = reads.metrics().get();
            if (read instanceof MetricsRead.Ok ok) {
                m.lastSample = Optional.of(ok.sample());
                m.metricsFailures = 0;
            } else {
                m.metricsFailures++;
                m.lastFailure = ((MetricsRead.Failed) read).reason();
                recorder.failure("metrics_read", m.id() + ": " + m.lastFailure);
                if (m.metricsFailures == healthFailuresForEvent) {
                    recorder.note(now, ActionKind.HEALTH_EVENT, m.id(), ActionResult.FAILED,
                            m.metricsFailures + " failed metrics reads in a row: " + m.lastFailure);
                }
            }
        }
        if (phase == MachinePhase.SERVING || (m.isPrimary() && primaryEverServed)) {
            boolean failed = reads.health() == Health.UNREACHABLE || reads.health() == Health.UNHEALTHY;
            m.healthFailures = failed ? m.healthFailures + 1 : 0;
        }
    }

    /** One platform's answers at one tick: its health, and its metrics when they were asked for. */
    private record PlatformReads(Health health, Optional<MetricsRead> metrics) {
        static PlatformReads failed(String reason) {
            return new PlatformReads(Health.UNREACHABLE, Optional.of(new MetricsRead.Failed(reason)));
        }
    }

    /** The aggregated metrics of the serving machines; during failover the primary's are left out. */
    static MetricsReading reading(List<ManagedMachine> machines, boolean failover) {
        List<MetricSample> samples = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ManagedMachine m : machines) {
            if (m.phase() != MachinePhase.SERVING || (m.isPrimary() && failover)) {
                continue;
            }
            if (m.lastSample.isPresent()) {
                samples.add(m.lastSample.get());
            } else {
                failures.add(m.id() + ": " + (m.lastFailure == null ? "no metrics read" : m.lastFailure));
            }
        }
        if (samples.isEmpty()) {
            return MetricsReading.failed(failures.isEmpty() ? "no instance is serving" : String.join("; ", failures));
        }
        return new MetricsReading(Optional.of(GroupMetrics.aggregate(samples)), failures);
    }
}
