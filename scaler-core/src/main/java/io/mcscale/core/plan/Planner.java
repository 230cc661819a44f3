package io.mcscale.core.plan;

import io.mcscale.core.policy.PolicySettings;

/**
 * Runs policies over one demand (Contract 5). The scaled policies start from the primary alone
 * and may grow to the settings' maximum; {@code always-on:N} keeps N machines up throughout.
 */
public final class Planner {
    private final GroupSimulation simulation;
    private final GroupShape shape;
    private final PolicySettings settings;

    /** A tier with a wait rule counts its own slow simulations by that rule's limit. */
    public Planner(Demand demand, GroupShape shape, PolicySettings settings) {
        GroupShape withTierLimits = shape.withTierSlowLimits(settings.tierRules());
        this.simulation = new GroupSimulation(demand, withTierLimits);
        this.shape = withTierLimits;
        this.settings = settings;
    }

    /** One policy's outcome; {@code timeline} (may be null) receives the group at every poll. */
    public PlanOutcome run(PlanPolicy policy, Timeline timeline) {
        return switch (policy.kind()) {
            case GUIDE -> simulation.scaled(policy.name(), new GuideRule(settings), settings.maxInstances(), timeline);
            case PREDICTIVE -> simulation.scaled(policy.name(), new PredictiveRule(settings, shape), settings.maxInstances(), timeline);
            case ALWAYS_ON -> simulation.alwaysOn(policy.name(), policy.instances(), timeline);
        };
    }

    /** The guide's policy with other settings, for the recommendation search. */
    public PlanOutcome runGuide(String name, PolicySettings candidate, Timeline timeline) {
        return simulation.scaled(name, new GuideRule(candidate), candidate.maxInstances(), timeline);
    }

    public GroupShape shape() {
        return shape;
    }

    public PolicySettings settings() {
        return settings;
    }
}
