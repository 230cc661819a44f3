package io.mcscale.scaler.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.cost.MachineUsage;
import io.mcscale.core.cost.MonthCost;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.scaler.config.CostSettings;
import io.mcscale.scaler.control.ControllerSnapshot;
import io.mcscale.scaler.control.GroupCost;
import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.DecisionRecord;
import io.mcscale.scaler.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The admin API's read-only documents: {@code GET /api/status} (the control loop's last snapshot, with each
 * instance's uptime and the month's cost from the event store) and {@code GET /api/history} (the recorded
 * decisions with their inputs and reasons, the actions and the state changes of a window). The status page,
 * {@code mcscale status} and {@code mcscale events} read them.
 */
public final class StatusDocuments {
    /** Enough for a week at the fastest sensible poll (30 s); a longer window keeps the newest. */
    static final int MAX_DECISIONS = 25_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<ControllerSnapshot> snapshots;
    private final GroupCost cost;
    private final EventStore store;
    private final PolicySettings policy;
    private final CostSettings costSettings;
    private final InstantSource clock;

    /**
     * @param cost the control loop's cost figures (rate and month), so the page, the status API and Prometheus
     *             give one answer
     */
    public StatusDocuments(Supplier<ControllerSnapshot> snapshots, GroupCost cost, EventStore store,
            PolicySettings policy, CostSettings costSettings, InstantSource clock) {
        this.snapshots = snapshots;
        this.cost = cost;
        this.store = store;
        this.policy = policy;
        this.costSettings = costSettings;
        this.clock = clock;
    }

    /** The status document; {@code mcscale status} prints it. */
    Map<String, Object> status() {
        ControllerSnapshot s = snapshots.get();
        Instant now = clock.instant();
        Optional<MonthCost> month = cost.month();
        Map<String, MachineUsage> usage = month.map(MonthCost::machines).orElse(List.of()).stream()
                .collect(Collectors.toMap(MachineUsage::machineId, Function.identity(), (a, b) -> a));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("at", s.at().toString());
        status.put("mode", s.mode());
        status.put("dry_run", s.dryRun());
        status.put("instances", s.machines().stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", m.id());
            row.put("role", m.role());
            row.put("state", m.state());
            row.put("phase", m.phase());
            row.put("address", m.address());
            row.put("health", m.health());
            row.put("routed", m.routed());
            row.put("health_failures", m.healthFailures());
            row.put("running_simulations", m.runningSimulations());
            row.put("region", m.region());
            Optional<Instant> billedSince = m.state().equals("off") ? Optional.empty() : store.billedSince(m.id());
            row.put("uptime_seconds", billedSince.map(since -> Math.max(0, Duration.between(since, now).toSeconds())).orElse(null));
            MachineUsage u = usage.get(m.id());
            row.put("cost_month_usd", u == null ? 0.0 : round2(u.usageUsd()));
            return row;
        }).toList());
        status.put("metrics", s.metrics());
        status.put("metric_failures", s.metricFailures());
        status.put("last_decision", Map.of("outcome", s.lastDecision(), "reasons", s.lastReasons(),
                "at", s.lastDecisionAt().toString()));
        status.put("cooldown_seconds_left", s.cooldownSecondsLeft());
        status.put("routed", s.routedBackends());
        status.put("cost_rate_usd_per_hour", cost.currentRateUsdPerHour());
        Map<String, Object> monthDoc = new LinkedHashMap<>();
        monthDoc.put("month", month.map(m -> m.month().toString()).orElse(null));
        monthDoc.put("so_far_usd", month.map(m -> round2(m.costSoFarUsd())).orElse(null));
        monthDoc.put("projected_month_usd", month.map(m -> round2(m.projectedMonthUsd())).orElse(null));
        monthDoc.put("instance_hours", month.map(m -> round2(m.instanceHours())).orElse(null));
        monthDoc.put("budget_usd", costSettings.monthlyBudgetUsd().isPresent() ? costSettings.monthlyBudgetUsd().getAsDouble() : null);
        status.put("cost", monthDoc);
        return status;
    }

    /** What the event store recorded in the last {@code window}, oldest first, with the thresholds to draw. */
    Map<String, Object> history(Duration window) {
        Instant until = clock.instant();
        Instant since = until.minus(window);
        List<DecisionRecord> decisions = store.decisionsSince(since, MAX_DECISIONS);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("since", since.toString());
        doc.put("until", until.toString());
        doc.put("thresholds", thresholds());
        doc.put("truncated", decisions.size() == MAX_DECISIONS);
        doc.put("decisions", decisions.stream().map(d -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", d.at().toString());
            row.put("outcome", d.outcome());
            row.put("reasons", d.reasons());
            row.put("inputs", readTree(d.inputsJson()));
            return row;
        }).toList());
        doc.put("actions", store.actionsSince(since, MAX_DECISIONS).stream().map(StatusDocuments::action).toList());
        doc.put("states", store.stateChangesSince(since).stream().map(c -> Map.of("at", c.at().toString(),
                "machine", c.machineId(), "state", c.state().word())).toList());
        return doc;
    }

    private Map<String, Object> thresholds() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("users_up_per_instance", policy.scaleUpUsersPerInstance());
        t.put("users_down_per_instance", policy.scaleDownUsersPerInstance());
        t.put("cpu_up", policy.cpuUpPercent());
        t.put("cpu_down", policy.cpuDownPercent());
        t.put("gpu_up", policy.gpuUpPercent());
        t.put("gpu_down", policy.gpuDownPercent());
        t.put("queue_up", policy.queueUpLength());
        t.put("response_up_ms", policy.responseUpSeconds() * 1000);
        t.put("response_down_ms", policy.responseDownSeconds() * 1000);
        t.put("max_instances", policy.maxInstances());
        return t;
    }

    private static Map<String, Object> action(ActionRecord a) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("at", a.startedAt().toString());
        row.put("kind", a.kind().word());
        row.put("machine", a.machineId());
        row.put("ended_at", a.endedAt().map(Instant::toString).orElse(null));
        row.put("result", a.result().map(ActionResult::word).orElse(null));
        row.put("detail", a.detail().orElse(null));
        return row;
    }

    private static Object readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", json);
        }
    }

    private static double round2(double usd) {
        return Math.round(usd * 100) / 100.0;
    }
}
