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
    final Gauge costRate;
    final Gauge monthCostSoFar;
    final Gauge monthProjectedCost;
    final Gauge monthlyBudget;
    final Gauge budgetBlocksScaleUp;

    public ControlMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        decisions = Counter.builder().name("mcscale_decisions_total")
                .help("Decisions by outcome (none, scale_up, scale_down, cancel_drain, failover)").labelNames("outcome").register(registry);
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
        costRate = Gauge.builder().name("mcscale_cost_rate_usd_per_hour")
                .help("USD per hour of the machines billed right now").register(registry);
        monthCostSoFar = Gauge.builder().name("mcscale_month_cost_usd")
                .help("This UTC month's cost so far: billed hours and storage").register(registry);
        monthProjectedCost = Gauge.builder().name("mcscale_month_projected_cost_usd")
                .help("This month's cost if the machines running now run to its end").register(registry);
        monthlyBudget = Gauge.builder().name("mcscale_monthly_budget_usd")
                .help("MONTHLY_BUDGET_USD; 0 when no budget is set").register(registry);
        budgetBlocksScaleUp = Gauge.builder().name("mcscale_budget_blocks_scale_up")
                .help("1 while the projection passes the budget and scale-ups are held back").register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
