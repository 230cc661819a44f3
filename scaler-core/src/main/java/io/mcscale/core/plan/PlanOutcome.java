package io.mcscale.core.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.cost.CostEstimate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one policy costs on a demand and how long its simulations wait (Contract 5). The JSON line
 * has the contract's fields in the contract's order; a demand with a tier column adds each tier's waits,
 * and a recommendation adds the {@code .env} keys it changed.
 *
 * @param meanWaitSeconds a wait is the time from submission to start
 * @param slowSimulations simulations that waited longer than the slow limit (RESPONSE_UP_SECONDS)
 * @param actions         scale-ups and scale-downs carried out
 * @param maxInstances    the most machines on (billed) at one time
 * @param config          for {@code recommended}: each changed key and its value; empty otherwise
 * @param horizonSeconds  from time 0 until the last simulation finished (not in the JSON line)
 * @param tiers           each tier's waits, for a demand with a tier column; empty otherwise (and then not in the JSON line)
 */
public record PlanOutcome(
        String policy,
        int simulations,
        double instanceHours,
        double costUsd,
        double meanWaitSeconds,
        double p95WaitSeconds,
        int slowSimulations,
        int actions,
        int maxInstances,
        Map<String, String> config,
        double horizonSeconds,
        List<TierWaits> tiers) {

    /** Plain decimals: {@code 0.0003}, never {@code 3.0E-4}. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    public PlanOutcome(String policy, int simulations, double instanceHours, double costUsd, double meanWaitSeconds,
            double p95WaitSeconds, int slowSimulations, int actions, int maxInstances, Map<String, String> config,
            double horizonSeconds) {
        this(policy, simulations, instanceHours, costUsd, meanWaitSeconds, p95WaitSeconds, slowSimulations, actions,
                maxInstances, config, horizonSeconds, List.of());
    }

    public PlanOutcome {
        config = Map.copyOf(config);
        tiers = List.copyOf(tiers);
    }

    public double slowFraction() {
        return simulations == 0 ? 0 : (double) slowSimulations / simulations;
    }

    public PlanOutcome named(String name, Map<String, String> changedKeys) {
        return new PlanOutcome(name, simulations, instanceHours, costUsd, meanWaitSeconds, p95WaitSeconds,
                slowSimulations, actions, maxInstances, changedKeys, horizonSeconds, tiers);
    }

    /** The cost of a nominal month ({@link CostEstimate#HOURS_PER_MONTH}) at this run's rate of spending. */
    public double costPerMonthUsd() {
        return horizonSeconds == 0 ? 0 : costUsd * (CostEstimate.HOURS_PER_MONTH * 3600.0) / horizonSeconds;
    }

    /** One JSON object, figures rounded (hours, dollars and seconds to 2 decimals, the fraction to 4). */
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("policy", policy);
        fields.put("simulations", simulations);
        fields.put("instance_hours", decimal(instanceHours, 2));
        fields.put("cost_usd", decimal(costUsd, 2));
        fields.put("mean_wait_s", decimal(meanWaitSeconds, 2));
        fields.put("p95_wait_s", decimal(p95WaitSeconds, 2));
        fields.put("slow_simulations", slowSimulations);
        fields.put("slow_fraction", decimal(slowFraction(), 4));
        fields.put("actions", actions);
        fields.put("max_instances", maxInstances);
        if (!tiers.isEmpty()) {
            Map<String, Object> byTier = new LinkedHashMap<>();
            for (TierWaits t : tiers) {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("simulations", t.simulations());
                figures.put("p95_wait_s", decimal(t.p95WaitSeconds(), 2));
                figures.put("slow_simulations", t.slowSimulations());
                figures.put("slow_after_s", decimal(t.slowAfterSeconds(), 2));
                byTier.put(t.tier().wire(), figures);
            }
            fields.put("tiers", byTier);
        }
        if (!config.isEmpty()) {
            fields.put("config", new java.util.TreeMap<>(config));
        }
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a plan outcome as JSON", e);
        }
    }

    private static BigDecimal decimal(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
