package io.mcscale.core.replay;

import java.util.OptionalDouble;

/**
 * One evaluation of a trace (Contract 4): the group's aggregated metrics at {@code timeSeconds}.
 *
 * @param gpuUsage          empty when the trace leaves {@code gpu_usage} blank (not reported)
 * @param avgResponseTimeMs milliseconds, as the platform reports it
 */
public record TraceRow(
        double timeSeconds,
        int activeUsers,
        double cpuUsage,
        OptionalDouble gpuUsage,
        int simulationQueueLength,
        double avgResponseTimeMs) {
}
