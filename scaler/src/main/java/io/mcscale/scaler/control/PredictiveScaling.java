package io.mcscale.scaler.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.model.MetricSample;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.plan.DemandForecast;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import io.mcscale.scaler.store.DecisionRecord;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;

/**
 * {@code PREDICTIVE_SCALING=true}: the planner's {@link DemandForecast} in the daemon. It learns
 * from the decisions the event store recorded (their active users and queue), then from each
 * tick's metrics, and may turn the guide's {@code NONE} into a pre-warm a lead time
 * ({@code PREDICTIVE_LEAD_SECONDS}) ahead of a forecast crossing, or hold back its scale-down.
 * With the platforms' {@code workers} metric it forecasts the load votes (CPU as the busy share,
 * queue) as the planner does; a platform that does not report it leaves the forecast to active
 * users only.
 * Slots are UTC times of day: the origin is the UTC midnight before the first observation.
 */
public final class PredictiveScaling {
    /** The forecast looks back at most 4 weeks (the same slot of the previous 4 weeks). */
    static final Duration HISTORY = Duration.ofDays(28);
    /** 4 weeks of 30 s polls, with room for operator requests. */
    static final int HISTORY_LIMIT = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemandForecast forecast;
    private Instant origin;
    private int workersPerInstance = DemandForecast.WORKERS_UNKNOWN;

    public PredictiveScaling(PolicySettings settings, Duration lead, Duration pollInterval) {
        this.forecast = new DemandForecast(settings, lead.toMillis() / 1000.0, pollInterval.toMillis() / 1000.0,
                DemandForecast.WORKERS_UNKNOWN);
    }

    /** Learns from recorded decisions, oldest first; one without metrics (a failed read) is skipped. Returns how many taught it. */
    int learn(List<DecisionRecord> history) {
        int learned = 0;
        for (DecisionRecord decision : history) {
            try {
                JsonNode inputs = JSON.readTree(decision.inputsJson());
                JsonNode users = inputs == null ? null : inputs.get("active_users");
                if (users == null || !users.canConvertToInt()) {
                    continue;
                }
                JsonNode queue = inputs.get("simulation_queue_length");
                observe(decision.at(), users.asInt(), queue == null ? 0 : queue.asInt());
                learned++;
            } catch (IOException e) {
                // A record this version cannot read teaches nothing; the forecast does without it.
            }
        }
        return learned;
    }

    /**
     * A tick's metrics: active users, and running plus queued simulations. A failed read teaches nothing.
     *
     * @param samples the serving instances' own samples, for their running simulations and workers
     */
    void observe(Instant now, MetricsReading reading, List<MetricSample> samples) {
        int running = samples.stream().mapToInt(s -> s.runningSimulations().orElse(0)).sum();
        if (reading.metrics().isPresent()) {
            workersPerInstance = workersPerInstance(samples);
        }
        reading.metrics().ifPresent(m -> observe(now, m.activeUsers(), running + m.simulationQueueLength()));
    }

    /**
     * The mean of the instances' {@code workers}, rounded; {@link DemandForecast#WORKERS_UNKNOWN} when any
     * instance does not report it (an older platform) or none serves, so a guess never stands in for a count.
     */
    static int workersPerInstance(List<MetricSample> samples) {
        if (samples.isEmpty() || samples.stream().anyMatch(s -> s.workers().isEmpty() || s.workers().getAsInt() == 0)) {
            return DemandForecast.WORKERS_UNKNOWN;
        }
        return (int) Math.round(samples.stream().mapToInt(s -> s.workers().getAsInt()).average().orElse(0));
    }

    /**
     * The guide's decision, or the forecast's change of it (see {@link DemandForecast#adjust}).
     *
     * @param scaleUp the policy's own scale-up from a state, as for an operator's {@code scale up}
     */
    GroupDecision adjust(GroupDecision guide, PolicyState before, int instances, Instant now,
            Function<PolicyState, GroupDecision> scaleUp) {
        if (origin == null) {
            return guide;
        }
        return forecast.adjust(guide, before, seconds(now), instances, workersPerInstance, now, scaleUp);
    }

    private void observe(Instant at, int users, int load) {
        if (origin == null) {
            origin = at.truncatedTo(ChronoUnit.DAYS);
        }
        if (!at.isBefore(origin)) {
            forecast.observe(seconds(at), users, load);
        }
    }

    private double seconds(Instant at) {
        return Duration.between(origin, at).toMillis() / 1000.0;
    }
}
