package io.mcscale.platform.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tier's entry in the {@code tiers} object of {@code /api/metrics}; always numbers, never null.
 *
 * @param activeUsers the tier's users among {@code active_users} (users this instance saw last, on this tier then)
 * @param simulationQueueLength the tier's simulations among {@code simulation_queue_length}
 * @param avgWaitSeconds mean time from submit to start: of the tier's simulations this instance started in the last
 *     60 s, and the current age of its queued ones submitted through this instance; 0 when there are none
 * @param waitP95Seconds the 95th percentile of the same waits, to within about 12 %
 */
public record TierFigures(long activeUsers, long simulationQueueLength, double avgWaitSeconds, double waitP95Seconds) {
    public static final TierFigures NONE = new TierFigures(0, 0, 0, 0);

    /** The JSON object, keys in the documented order. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("active_users", activeUsers);
        json.put("simulation_queue_length", simulationQueueLength);
        json.put("avg_wait_seconds", round(avgWaitSeconds));
        json.put("wait_p95_seconds", round(waitP95Seconds));
        return json;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
