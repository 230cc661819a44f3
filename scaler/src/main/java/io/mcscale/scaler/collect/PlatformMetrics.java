package io.mcscale.scaler.collect;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One instance's {@code GET /api/metrics} answer (Contract 1). The six guide keys are required;
 * {@code gpu_usage} may be null (no GPU). The daemon also uses two of our platform's extra keys when
 * present: {@code running_simulations} (drain waits for 0) and {@code draining}.
 */
public record PlatformMetrics(
        int activeUsers,
        double cpuUsage,
        double memoryUsage,
        OptionalDouble gpuUsage,
        int simulationQueueLength,
        double avgResponseTimeMs,
        OptionalInt runningSimulations,
        boolean draining) {
}
