package io.mcscale.platform.metrics;

import io.mcscale.platform.auth.Tier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code GET /api/metrics} reports: the six keys of Contract 1 (which the scaler and older
 * scalers read) and this platform's extra keys. Users and queue count what this instance owns,
 * so that the scaler's sums over instances count each user and each queued job once.
 *
 * <p>The six keys are always numbers: the prototype's scaler and diagnostic script compare and
 * format them, and a null crashes both. Without a GPU, {@code gpu_usage} is 0 and
 * {@code gpu_count} 0, which tells our scaler to leave GPU out of the votes.
 *
 * <p>{@code tiers} holds every tier, always, with the same ownership: a tier's users and queue add up
 * to {@code active_users} and {@code simulation_queue_length}. The scaler's per-tier rules read it.
 */
public record MetricsReport(
        int activeUsers,
        double cpuUsage,
        double memoryUsage,
        double gpuUsage,
        long simulationQueueLength,
        double avgResponseTimeMs,
        String instanceId,
        int runningSimulations,
        double responseTimeP95Ms,
        boolean draining,
        long uptimeSeconds,
        String version,
        int gpuCount,
        int workers,
        Map<Tier, TierFigures> tiers) {

    /** The JSON object, keys in the documented order. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("active_users", activeUsers);
        json.put("cpu_usage", round(cpuUsage));
        json.put("memory_usage", round(memoryUsage));
        json.put("gpu_usage", round(gpuUsage));
        json.put("simulation_queue_length", simulationQueueLength);
        json.put("avg_response_time", round(avgResponseTimeMs));
        json.put("instance_id", instanceId);
        json.put("running_simulations", runningSimulations);
        json.put("response_time_p95_ms", round(responseTimeP95Ms));
        json.put("draining", draining);
        json.put("uptime_seconds", uptimeSeconds);
        json.put("version", version);
        json.put("gpu_count", gpuCount);
        json.put("workers", workers);
        Map<String, Object> byTier = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            byTier.put(tier.wire(), tiers.getOrDefault(tier, TierFigures.NONE).toJson());
        }
        json.put("tiers", byTier);
        return json;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
