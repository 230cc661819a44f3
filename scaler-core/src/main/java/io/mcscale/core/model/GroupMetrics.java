package io.mcscale.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The metrics of the serving instances taken together (Contract 3): users and queue are sums;
 * CPU, GPU and response time are means. The GPU mean is over the instances that report a GPU,
 * and absent when none does, so that a GPU-less platform never votes on GPU. The per-tier load is
 * that of the instances that report {@code tiers} (see {@link TierMetrics} for how it adds up), and
 * absent when none does.
 *
 * @param servingInstances how many instances these metrics cover (n in the user thresholds)
 * @param avgResponseTimeMs in milliseconds, as the platform reports it
 * @param tiers             the tiers of the instances that report them; {@code tiers.instances()} below
 *                          {@code servingInstances} means some did not
 */
public record GroupMetrics(
        int servingInstances,
        int activeUsers,
        double cpuUsage,
        OptionalDouble gpuUsage,
        int simulationQueueLength,
        double avgResponseTimeMs,
        Optional<TierMetrics> tiers) {

    public GroupMetrics {
        if (servingInstances < 1) {
            throw new IllegalArgumentException("group metrics need at least one serving instance, got " + servingInstances);
        }
        if (activeUsers < 0 || simulationQueueLength < 0) {
            throw new IllegalArgumentException("active users and queue length must be >= 0");
        }
        if (!(cpuUsage >= 0) || !(avgResponseTimeMs >= 0) || (gpuUsage.isPresent() && !(gpuUsage.getAsDouble() >= 0))) {
            throw new IllegalArgumentException("cpu, gpu and response time must be numbers >= 0");
        }
        if (tiers.isPresent() && tiers.get().instances() > servingInstances) {
            throw new IllegalArgumentException("tier metrics of " + tiers.get().instances() + " instances in a group of " + servingInstances);
        }
    }

    /** Metrics without tier data, as a platform that does not report {@code tiers} gives them. */
    public GroupMetrics(int servingInstances, int activeUsers, double cpuUsage, OptionalDouble gpuUsage,
            int simulationQueueLength, double avgResponseTimeMs) {
        this(servingInstances, activeUsers, cpuUsage, gpuUsage, simulationQueueLength, avgResponseTimeMs, Optional.empty());
    }

    public GroupMetrics withTiers(TierMetrics tierMetrics) {
        return new GroupMetrics(servingInstances, activeUsers, cpuUsage, gpuUsage, simulationQueueLength, avgResponseTimeMs,
                Optional.of(tierMetrics));
    }

    /** Aggregates the readings of every serving instance; the list must not be empty. */
    public static GroupMetrics aggregate(List<MetricSample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("cannot aggregate the metrics of zero instances");
        }
        int users = 0;
        int queue = 0;
        double cpuSum = 0;
        double responseSum = 0;
        double gpuSum = 0;
        int gpuCount = 0;
        List<TierMetrics> tierReports = new ArrayList<>();
        for (MetricSample sample : samples) {
            sample.tiers().ifPresent(tierReports::add);
            users += sample.activeUsers();
            queue += sample.simulationQueueLength();
            cpuSum += sample.cpuUsage();
            responseSum += sample.avgResponseTimeMs();
            if (sample.gpuUsage().isPresent()) {
                gpuSum += sample.gpuUsage().getAsDouble();
                gpuCount++;
            }
        }
        int n = samples.size();
        OptionalDouble gpu = gpuCount == 0 ? OptionalDouble.empty() : OptionalDouble.of(gpuSum / gpuCount);
        Optional<TierMetrics> tiers = tierReports.isEmpty() ? Optional.empty() : Optional.of(TierMetrics.aggregate(tierReports));
        return new GroupMetrics(n, users, cpuSum / n, gpu, queue, responseSum / n, tiers);
    }

    public double avgResponseTimeSeconds() {
        return avgResponseTimeMs / 1000.0;
    }
}
