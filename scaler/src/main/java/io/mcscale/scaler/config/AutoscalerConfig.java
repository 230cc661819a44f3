package io.mcscale.scaler.config;

import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.policy.PolicySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The whole {@code .env.autoscaler} (Contract 2), validated before the first tick. Every key is
 * declared in {@link ConfigKey}; environment variables override the file for those keys only.
 * Secrets print masked, so this record's {@code toString()} is safe to log.
 */
public record AutoscalerConfig(
        PolicySettings policy,
        InstanceGroup group,
        ProviderSettings provider,
        PaperspaceSettings paperspace,
        BalancerSettings balancer,
        ControlSettings control,
        CostSettings cost,
        RegionSettings regions,
        KubernetesSettings kubernetes) {

    /** A configuration with secondaries in one region, or no preference among regions, and no Kubernetes. */
    public AutoscalerConfig(PolicySettings policy, InstanceGroup group, ProviderSettings provider, PaperspaceSettings paperspace,
            BalancerSettings balancer, ControlSettings control, CostSettings cost) {
        this(policy, group, provider, paperspace, balancer, control, cost, RegionSettings.NONE, KubernetesSettings.NONE);
    }

    /**
     * Loads and validates everything the daemon needs; each warning becomes a log line.
     *
     * @throws ConfigException listing every problem, each naming its key
     */
    public static AutoscalerConfig load(Path file, Map<String, String> environment) {
        return logWarnings(check(Optional.of(file), environment)).orThrow();
    }

    /** Like {@link #load} without a file: defaults and the environment only. */
    public static AutoscalerConfig fromEnvironment(Map<String, String> environment) {
        return logWarnings(check(Optional.empty(), environment)).orThrow();
    }

    /** What {@link #load} would do, as a report instead of an exception: {@code mcscale config check}. */
    public static ConfigCheck check(Optional<Path> file, Map<String, String> environment) {
        String source = file.map(Path::toString).orElse("defaults") + " + environment";
        try {
            return ConfigLoader.read(file, environment).check();
        } catch (ConfigException e) { // the file itself is missing or unreadable
            return new ConfigCheck(source, Optional.empty(), e.problems(), List.of());
        }
    }

    private static ConfigCheck logWarnings(ConfigCheck check) {
        check.warnings().forEach(warning -> LoggerFactory.getLogger(AutoscalerConfig.class).warn("config: {}", warning));
        return check;
    }

    /**
     * The policy alone, for replay: every key present is still checked, but no credentials,
     * machine ids or provider settings are required. Without {@code SECONDARY_MACHINE_ID}, the
     * maximum is the guide's 2 instances.
     */
    public static PolicySettings loadPolicy(Optional<Path> file, Map<String, String> environment) {
        return ConfigLoader.read(file, environment).policyOnly();
    }

    /** The policy, the poll interval and the hourly rate, for {@code mcscale plan}; like {@link #loadPolicy}, no credentials. */
    public static PlanningSettings loadPlanning(Optional<Path> file, Map<String, String> environment) {
        return ConfigLoader.read(file, environment).planningOnly();
    }
}
