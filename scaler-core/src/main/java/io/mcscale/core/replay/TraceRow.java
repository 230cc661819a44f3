package io.mcscale.core.replay;

import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.UserTier;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One evaluation of a trace (Contract 4): the group's aggregated metrics at {@code timeSeconds}.
 *
 * @param gpuUsage          empty when the trace leaves {@code gpu_usage} blank (not reported)
 * @param avgResponseTimeMs milliseconds, as the platform reports it
 * @param tiers             each tier's figures, from the optional tier columns; empty when the trace has none
 *                          or leaves them blank at this row (no tier data)
 */
public record TraceRow(
        double timeSeconds,
        int activeUsers,
        double cpuUsage,
        OptionalDouble gpuUsage,
        int simulationQueueLength,
        double avgResponseTimeMs,
        Optional<Map<UserTier, TierLoad>> tiers) {

    public TraceRow(double timeSeconds, int activeUsers, double cpuUsage, OptionalDouble gpuUsage, int simulationQueueLength,
            double avgResponseTimeMs) {
        this(timeSeconds, activeUsers, cpuUsage, gpuUsage, simulationQueueLength, avgResponseTimeMs, Optional.empty());
    }
}
