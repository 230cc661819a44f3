package io.mcscale.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One instance's reading of {@code GET /api/metrics} (Contract 1). Five contract keys are
 * required. GPU is optional: it is left out of the votes (an empty {@code gpuUsage}) when the
 * platform reports {@code gpu_count} 0 (our platform on a machine without a GPU, which sends
 * {@code gpu_usage} 0 so that the prototype's clients can compare it), and when another platform
 * sends {@code gpu_usage} null or leaves it out. Our platform's extra keys are optional and every
 * other key is ignored, so an older platform that reports only the six keys is accepted.
 * The optional {@code tiers} object holds each tier's users, queue and waits; without it there is
 * no tier data (never zeros).
 *
 * @param gpuUsage          the GPU use that votes; empty when GPU is left out of the votes
 * @param avgResponseTimeMs mean latency of simulation requests over the last 60 s, in milliseconds
 * @param gpuCount          the GPUs the platform reports ({@code gpu_count}), when it reports them
 * @param workers           the simulations the instance runs at once ({@code workers}), when it reports them
 * @param tiers             the per-tier load ({@code tiers}), when the platform reports it
 */
public record MetricSample(
        int activeUsers,
        double cpuUsage,
        double memoryUsage,
        OptionalDouble gpuUsage,
        int simulationQueueLength,
        double avgResponseTimeMs,
        OptionalInt runningSimulations,
        Optional<Boolean> draining,
        Optional<String> instanceId,
        OptionalInt gpuCount,
        OptionalInt workers,
        Optional<TierMetrics> tiers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public MetricSample {
        requireAtLeastZero("active_users", activeUsers);
        requirePercent("cpu_usage", cpuUsage);
        requirePercent("memory_usage", memoryUsage);
        if (gpuUsage.isPresent()) {
            requirePercent("gpu_usage", gpuUsage.getAsDouble());
        }
        requireAtLeastZero("simulation_queue_length", simulationQueueLength);
        if (!(avgResponseTimeMs >= 0) || Double.isInfinite(avgResponseTimeMs)) {
            throw new MalformedMetricsException("avg_response_time must be a number of ms >= 0, got " + avgResponseTimeMs);
        }
        runningSimulations.ifPresent(n -> requireAtLeastZero("running_simulations", n));
        gpuCount.ifPresent(n -> requireAtLeastZero("gpu_count", n));
        workers.ifPresent(n -> requireAtLeastZero("workers", n));
    }

    /** A sample with only the six contract keys, as an older platform reports it. */
    public static MetricSample of(int activeUsers, double cpuUsage, double memoryUsage, OptionalDouble gpuUsage,
            int simulationQueueLength, double avgResponseTimeMs) {
        return new MetricSample(activeUsers, cpuUsage, memoryUsage, gpuUsage, simulationQueueLength,
                avgResponseTimeMs, OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Optional.empty());
    }

    /** This sample with a {@code tiers} report, as our platform sends it. */
    public MetricSample withTiers(TierMetrics report) {
        return new MetricSample(activeUsers, cpuUsage, memoryUsage, gpuUsage, simulationQueueLength, avgResponseTimeMs,
                runningSimulations, draining, instanceId, gpuCount, workers, Optional.of(report));
    }

    /**
     * Parses a metrics body. A missing contract key or a value of the wrong type is an error,
     * never a zero: a zero would look like idle load and could scale the group down. GPU is the
     * exception: a platform without one may omit it, and it is then left out of the votes.
     *
     * @throws MalformedMetricsException naming the key and the value received
     */
    public static MetricSample parseJson(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedMetricsException("metrics body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMetricsException("metrics body must be a JSON object, got " + abbreviate(body));
        }
        OptionalInt gpuCount = optionalInt(root, "gpu_count");
        OptionalDouble gpuUsage = optionalNumber(root, "gpu_usage");
        boolean noGpu = gpuCount.isPresent() && gpuCount.getAsInt() == 0;
        return new MetricSample(
                requiredInt(root, "active_users"),
                requiredNumber(root, "cpu_usage"),
                requiredNumber(root, "memory_usage"),
                noGpu ? OptionalDouble.empty() : gpuUsage,
                requiredInt(root, "simulation_queue_length"),
                requiredNumber(root, "avg_response_time"),
                optionalInt(root, "running_simulations"),
                optionalBoolean(root, "draining"),
                optionalText(root, "instance_id"),
                gpuCount,
                optionalInt(root, "workers"),
                optionalTiers(root));
    }

    /**
     * The {@code tiers} object: absent or null is no tier data; present, it must hold an object for
     * each of free, pro and enterprise with the four figures. Tiers it does not know are ignored.
     */
    private static Optional<TierMetrics> optionalTiers(JsonNode root) {
        JsonNode tiers = root.get("tiers");
        if (tiers == null || tiers.isNull()) {
            return Optional.empty();
        }
        if (!tiers.isObject()) {
            throw new MalformedMetricsException("tiers must be an object with free, pro and enterprise, got " + abbreviate(tiers.toString()));
        }
        Map<UserTier, TierLoad> loads = new EnumMap<>(UserTier.class);
        for (UserTier tier : UserTier.values()) {
            String path = "tiers." + tier.wire();
            JsonNode figures = tiers.get(tier.wire());
            if (figures == null || !figures.isObject()) {
                throw new MalformedMetricsException(path + " must be an object of active_users, simulation_queue_length, "
                        + "avg_wait_seconds and wait_p95_seconds, got " + (figures == null ? "nothing" : abbreviate(figures.toString())));
            }
            int users = requiredInt(figures, "active_users", path + ".active_users");
            int queue = requiredInt(figures, "simulation_queue_length", path + ".simulation_queue_length");
            double avgWait = requiredNumber(figures, "avg_wait_seconds", path + ".avg_wait_seconds");
            double p95Wait = requiredNumber(figures, "wait_p95_seconds", path + ".wait_p95_seconds");
            requireAtLeastZero(path + ".active_users", users);
            requireAtLeastZero(path + ".simulation_queue_length", queue);
            requireSeconds(path + ".avg_wait_seconds", avgWait);
            requireSeconds(path + ".wait_p95_seconds", p95Wait);
            loads.put(tier, new TierLoad(users, queue, avgWait, p95Wait));
        }
        return Optional.of(TierMetrics.ofOneInstance(loads));
    }

    /** @param path the key as a message names it: {@code cpu_usage}, or {@code tiers.pro.active_users} inside an object */
    private static JsonNode required(JsonNode root, String key, String path) {
        JsonNode value = root.get(key);
        if (value == null) {
            throw new MalformedMetricsException("metrics lack the key " + path);
        }
        return value;
    }

    private static double requiredNumber(JsonNode root, String key) {
        return requiredNumber(root, key, key);
    }

    private static double requiredNumber(JsonNode root, String key, String path) {
        JsonNode value = required(root, key, path);
        if (!value.isNumber()) {
            throw new MalformedMetricsException(path + " must be a number, got " + value);
        }
        return value.doubleValue();
    }

    private static int requiredInt(JsonNode root, String key) {
        return requiredInt(root, key, key);
    }

    private static int requiredInt(JsonNode root, String key, String path) {
        JsonNode value = required(root, key, path);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new MalformedMetricsException(path + " must be a whole number, got " + value);
        }
        return value.intValue();
    }

    private static OptionalDouble optionalNumber(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw new MalformedMetricsException(key + " must be a number or null, got " + value);
        }
        return OptionalDouble.of(value.doubleValue());
    }

    private static OptionalInt optionalInt(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(requiredInt(root, key));
    }

    private static Optional<Boolean> optionalBoolean(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new MalformedMetricsException(key + " must be true or false, got " + value);
        }
        return Optional.of(value.booleanValue());
    }

    private static Optional<String> optionalText(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new MalformedMetricsException(key + " must be a string, got " + value);
        }
        return Optional.of(value.textValue());
    }

    private static void requireAtLeastZero(String key, int value) {
        if (value < 0) {
            throw new MalformedMetricsException(key + " must be >= 0, got " + value);
        }
    }

    private static void requireSeconds(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new MalformedMetricsException(key + " must be a number of seconds >= 0, got " + value);
        }
    }

    private static void requirePercent(String key, double value) {
        // NaN fails both comparisons, so it is rejected too.
        if (!(value >= 0 && value <= 100)) {
            throw new MalformedMetricsException(key + " must be a percentage 0-100, got " + value);
        }
    }

    private static String abbreviate(String body) {
        String text = String.valueOf(body);
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
