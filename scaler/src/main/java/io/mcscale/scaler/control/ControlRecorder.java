package io.mcscale.scaler.control;

import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.TierMetrics;
import io.mcscale.core.model.UserTier;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.DecisionRecord;
import io.mcscale.scaler.store.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the loop's story goes: every decision, action and state change into the {@link EventStore}
 * (nothing is kept only in memory), the Prometheus counters and gauges of {@link ControlMetrics},
 * one log line per decision for journalctl, and the {@link ControllerSnapshot} for the status API.
 */
final class ControlRecorder {
    private static final Logger log = LoggerFactory.getLogger(ControlRecorder.class);

    private final EventStore store;
    private final ControlMetrics metrics;
    private GroupDecision.Kind lastDecision = GroupDecision.Kind.NONE;
    private List<String> lastReasons = List.of("no evaluation yet");
    private Instant lastDecisionAt = Instant.EPOCH;
    private volatile ControllerSnapshot snapshot = ControllerSnapshot.initial();

    ControlRecorder(EventStore store, ControlMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    ControllerSnapshot snapshot() {
        return snapshot;
    }

    // ---- what a restarted scaler reads back -------------------------------------------------------

    Optional<Instant> lastScalingAction() {
        return store.lastSuccessfulScalingAction();
    }

    List<ActionRecord> unfinishedActions() {
        return store.unfinishedActions();
    }

    // ---- decisions, actions, states, failures ------------------------------------------------------

    void decision(Instant now, GroupDecision decision, Map<String, Object> inputs, boolean dryRun) {
        lastDecision = decision.kind();
        lastReasons = decision.reasons();
        lastDecisionAt = now;
        store.recordDecision(now, decision.kind(), decision.reasons(), inputs);
        metrics.decisions.labelValues(decision.kind().word()).inc();
        log.info("decision={}{} {} reasons=[{}]{}", decision.kind().word(),
                decision.machineId().map(id -> " machine=" + id).orElse(""),
                inputs.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue())).collect(Collectors.joining(" ")),
                String.join("; ", decision.reasons()), dryRun ? " (DRY_RUN)" : "");
    }

    List<DecisionRecord> decisionsSince(Instant from, int limit) {
        return store.decisionsSince(from, limit);
    }

    long actionStarted(Instant now, ActionKind kind, String machineId) {
        return store.actionStarted(now, kind, machineId);
    }

    void actionEnded(long actionId, ActionKind kind, String machineId, Instant now, ActionResult result, String detail) {
        store.actionEnded(actionId, now, result, detail);
        metrics.actions.labelValues(kind.word(), result.word()).inc();
        if (result != ActionResult.OK) {
            log.warn("{} of {} {}: {}", kind.word(), machineId, result.word(), detail);
        }
    }

    /** An action that began and ended at once, e.g. a health event. */
    void note(Instant now, ActionKind kind, String machineId, ActionResult result, String detail) {
        long id = store.actionStarted(now, kind, machineId);
        store.actionEnded(id, now, result, detail);
        metrics.actions.labelValues(kind.word(), result.word()).inc();
        log.warn("{} {}: {}", kind.word(), machineId, detail);
    }

    void failure(String what, String detail) {
        metrics.failures.labelValues(what).inc();
        log.warn("{} failed: {}", what, detail);
    }

    void machineState(Instant now, ManagedMachine m, MachineState state) {
        if (store.recordState(now, m.id(), state)) {
            log.info("{} {} is now {}", m.role.word(), m.id(), state.word());
        }
    }

    // ---- the snapshot and the gauges ---------------------------------------------------------------

    /** The policy's inputs as the decision log, the event store and the status API show them. */
    static Map<String, Object> inputs(int instances, MetricsReading reading) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("instances", instances);
        reading.metrics().ifPresent(g -> {
            inputs.put("serving_instances", g.servingInstances());
            inputs.put("active_users", g.activeUsers());
            inputs.put("cpu_usage", g.cpuUsage());
            inputs.put("gpu_usage", g.gpuUsage().isPresent() ? g.gpuUsage().getAsDouble() : null);
            inputs.put("simulation_queue_length", g.simulationQueueLength());
            inputs.put("avg_response_time_ms", g.avgResponseTimeMs());
            g.tiers().ifPresent(tiers -> inputs.put("tiers", tierInputs(tiers)));
        });
        if (!reading.failures().isEmpty()) {
            inputs.put("failures", reading.failures());
        }
        return inputs;
    }

    /** Each tier's figures under its wire name, and how many instances reported them when not all did. */
    private static Map<String, Object> tierInputs(TierMetrics tiers) {
        Map<String, Object> byTier = new LinkedHashMap<>();
        for (UserTier tier : UserTier.values()) {
            TierLoad load = tiers.load(tier);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("active_users", load.activeUsers());
            figures.put("simulation_queue_length", load.queueLength());
            figures.put("avg_wait_seconds", load.avgWaitSeconds());
            figures.put("wait_p95_seconds", load.waitP95Seconds());
            byTier.put(tier.wire(), figures);
        }
        byTier.put("reporting_instances", tiers.instances());
        return byTier;
    }

    void publish(Instant now, boolean failover, boolean dryRun, List<ManagedMachine> machines, Map<String, Object> inputs,
            List<String> readFailures, long cooldownSecondsLeft, List<String> routed) {
        List<ControllerSnapshot.MachineStatus> statuses = new ArrayList<>();
        Map<MachinePhase, Integer> byPhase = new EnumMap<>(MachinePhase.class);
        for (MachinePhase p : MachinePhase.values()) {
            byPhase.put(p, 0);
        }
        for (ManagedMachine m : machines) {
            byPhase.merge(m.phase(), 1, Integer::sum);
            String address = m.backend.map(Object::toString).orElse("");
            statuses.add(new ControllerSnapshot.MachineStatus(m.id(), m.role.word(), m.providerState.word(), m.phase().word(),
                    address, m.healthWord(), routed.contains(address), m.healthFailures,
                    m.runningSimulations().isPresent() ? m.runningSimulations().getAsInt() : null, m.region.orElse(null)));
        }
        byPhase.forEach((phase, count) -> metrics.instances.labelValues(phase.word()).set(count));
        inputs.forEach((key, value) -> {
            if (value instanceof Number n) {
                metrics.policyInput.labelValues(key).set(n.doubleValue());
            }
        });
        metrics.cooldownLeft.set(cooldownSecondsLeft);
        metrics.failoverActive.set(failover ? 1 : 0);
        snapshot = new ControllerSnapshot(now, failover ? "failover" : "normal", dryRun, List.copyOf(statuses),
                inputs, readFailures, lastDecision.word(), lastReasons, lastDecisionAt, cooldownSecondsLeft, routed);
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return value == null ? "-" : value.toString();
    }
}
