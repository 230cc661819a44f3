package io.mcscale.scaler.control;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The daemon's Prometheus metrics (served at {@code GET /metrics}): instances by state, decisions
 * by outcome, actions and failures, and every input the policy saw at the last evaluation. Other
 * parts (e.g. cost) register their own metrics in the same {@link #registry()}.
 */
public final class ControlMetrics {
    private final PrometheusRegistry registry;
    final Counter decisions;
    final Counter actions;
    final Counter failures;
    final Gauge instances;
    final Gauge policyInput;
    final Gauge cooldownLeft;
    final Gauge failoverActive;

    public ControlMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        decisions = Counter.builder().name("mcscale_decisions_total")
                .help("Policy evaluations by outcome (scale_up, scale_down, none)").labelNames("outcome").register(registry);
        actions = Counter.builder().name("mcscale_actions_total")
                .help("Actions finished, by kind and result").labelNames("kind", "result").register(registry);
        failures = Counter.builder().name("mcscale_failures_total")
                .help("Failed provider, balancer, drain and metrics calls, by what failed").labelNames("what").register(registry);
        instances = Gauge.builder().name("mcscale_instances")
                .help("Machines of the group by the control loop's phase").labelNames("phase").register(registry);
        policyInput = Gauge.builder().name("mcscale_policy_input")
                .help("The aggregated metrics the policy saw at the last evaluation").labelNames("input").register(registry);
        cooldownLeft = Gauge.builder().name("mcscale_cooldown_seconds_left")
                .help("Seconds until the policy may scale again").register(registry);
        failoverActive = Gauge.builder().name("mcscale_failover_active")
                .help("1 while the primary is failed over to a secondary").register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
