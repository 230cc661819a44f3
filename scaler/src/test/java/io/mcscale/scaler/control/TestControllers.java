package io.mcscale.scaler.control;

import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.scaler.balancer.Balancer;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.CostSettings;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.store.EventStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/** Controllers as the tests build them: the guide's policy, 600 s start and stop timeouts, a 1800 s drain timeout. */
public final class TestControllers {
    public static final MachineTimings TIMINGS = new MachineTimings(Duration.ofSeconds(600), Duration.ofSeconds(600),
            Duration.ofSeconds(1800), Duration.ofSeconds(30));
    public static final CostSettings NO_BUDGET = new CostSettings(OptionalDouble.empty(), 0.51, 5);

    /** A scaler on a controller machine: failover reboots the primary through the provider. */
    public static final PrimaryRepair NOT_ON_THE_PRIMARY = new PrimaryRepair(false,
            new PlatformRestartCommand(List.of("false"), Duration.ofSeconds(5), Path.of(System.getProperty("java.io.tmpdir"), "unused.log")));

    private TestControllers() {
    }

    public static AutoscalerController controller(InstanceGroup group, MachineProvider provider, Balancer balancer,
            EventStore store, boolean dryRun, PrometheusRegistry registry, CostSettings cost) {
        return controller(group, new GroupPolicy(PolicySettings.GUIDE_DEFAULTS, 3), provider, balancer, store, dryRun, registry, cost);
    }

    /** A controller with {@code policy} instead of the guide's. */
    public static AutoscalerController controller(InstanceGroup group, GroupPolicy policy, MachineProvider provider,
            Balancer balancer, EventStore store, boolean dryRun, PrometheusRegistry registry, CostSettings cost) {
        return AutoscalerController.create(group, policy, provider, balancer,
                new PlatformClient(Duration.ofSeconds(10), "platform-token"), store, TIMINGS, dryRun,
                new ControlMetrics(registry), cost, NOT_ON_THE_PRIMARY);
    }
}
