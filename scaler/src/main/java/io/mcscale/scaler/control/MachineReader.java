package io.mcscale.scaler.control;

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
import java.util.List;
import java.util.Optional;

/**
 * The loop's eyes on the platforms: each tick it reads the health and metrics of every machine
 * that runs one, counts failed checks and reads, and aggregates the serving machines' metrics into
 * the reading the policy sees. A failed read is never zeros: it is a failure in the reading.
 */
final class MachineReader {
    private final PlatformClient platforms;
    private final ControlRecorder recorder;
    private final int healthFailuresForEvent;

    /** @param healthFailuresForEvent failed reads in a row of one machine that are recorded as a health event */
    MachineReader(PlatformClient platforms, ControlRecorder recorder, int healthFailuresForEvent) {
        this.platforms = platforms;
        this.recorder = recorder;
        this.healthFailuresForEvent = healthFailuresForEvent;
    }

    /**
     * Reads health and metrics of a machine that runs a platform, and counts its failures. Once the
     * primary has served, an off or failing primary counts towards failover.
     */
    void collect(ManagedMachine m, boolean primaryEverServed, Instant now) {
        m.lastSample = Optional.empty();
        MachinePhase phase = m.phase();
        if (phase == MachinePhase.OFF || phase == MachinePhase.STOPPING || m.backend.isEmpty()) {
            if (m.isPrimary() && phase == MachinePhase.OFF && primaryEverServed) {
                m.healthFailures++;
            }
            return;
        }
        Health health = platforms.health(m.backend.get());
        m.lastHealth = Optional.of(health);
        // A starting machine that answers healthy serves from this tick on, so its metrics count already.
        if (phase == MachinePhase.SERVING || phase == MachinePhase.DRAINING
                || (phase == MachinePhase.STARTING && health == Health.OK)) {
            MetricsRead read = platforms.metrics(m.backend.get());
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
            boolean failed = health == Health.UNREACHABLE || health == Health.UNHEALTHY;
            m.healthFailures = failed ? m.healthFailures + 1 : 0;
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
