package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mcscale.core.policy.PolicySettings;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of the simulation that hold for any demand, group and policy. */
class GroupSimulationPropertiesTest {

    @Property(tries = 40)
    void everyPolicyBillsThePrimaryForTheWholeHorizonAndNeverExceedsItsMaximum(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 6) int workers,
            @ForAll @IntRange(min = 0, max = 600) int bootSeconds,
            @ForAll @IntRange(min = 1, max = 4) int maxInstances) {
        Demand demand = Demands.poisson(seed, 400, 0.02 * workers, 90);
        GroupShape shape = new GroupShape(workers, bootSeconds, 30, 300, 0.51, 3);
        PolicySettings settings = PolicySettings.GUIDE_DEFAULTS.withMaxInstances(maxInstances);
        GroupSimulation simulation = new GroupSimulation(demand, shape);

        for (PlanOutcome outcome : new PlanOutcome[] {
                simulation.scaled("guide", new GuideRule(settings), maxInstances, null),
                simulation.scaled("predictive", new PredictiveRule(settings, shape), maxInstances, null)}) {
            double horizonHours = Math.ceil(outcome.horizonSeconds() - 1e-9) / 3600;
            assertThat(outcome.simulations()).isEqualTo(400);
            assertThat(outcome.horizonSeconds()).isGreaterThanOrEqualTo(demand.lastSubmission());
            assertThat(outcome.instanceHours()).isGreaterThanOrEqualTo(horizonHours - 1e-9)
                    .isLessThanOrEqualTo(maxInstances * horizonHours + 1e-9);
            assertThat(outcome.costUsd()).isCloseTo(outcome.instanceHours() * 0.51, within(1e-9));
            assertThat(outcome.maxInstances()).isBetween(1, maxInstances);
            assertThat(outcome.meanWaitSeconds()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(outcome.horizonSeconds());
            assertThat(outcome.slowSimulations()).isBetween(0, 400);
        }
    }

    @Property(tries = 30)
    void moreMachinesAlwaysOnNeverMakeTheMeanWaitLonger(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 4) int workers) {
        // A work-conserving claim order: more workers can only start each simulation sooner or at the same time
        // for a single user's first-come-first-served queue.
        Demand demand = Demands.poisson(seed, 300, 0.03 * workers, 60);
        GroupShape shape = new GroupShape(workers, 0, 30, 300, 0.51, 3);
        GroupSimulation simulation = new GroupSimulation(demand, shape);

        PlanOutcome one = simulation.alwaysOn("always-on:1", 1, null);
        PlanOutcome two = simulation.alwaysOn("always-on:2", 2, null);

        assertThat(two.meanWaitSeconds()).isLessThanOrEqualTo(one.meanWaitSeconds() + 1e-9);
        assertThat(two.slowSimulations()).isLessThanOrEqualTo(one.slowSimulations());
        assertThat(two.instanceHours()).isCloseTo(2 * Math.ceil(two.horizonSeconds() - 1e-9) / 3600, within(1e-9));
    }

    @Property(tries = 5)
    void aHolidayNeverCostsThePredictivePolicyMoreThanTheUsualWeekDoes(@ForAll @LongRange(min = 1, max = 1000) long seed,
            @ForAll @IntRange(min = 1, max = 4) int holiday) {
        GroupShape shape = new GroupShape(8, 300, 30, 300, 0.51, 3);
        PolicySettings guide = PolicySettings.GUIDE_DEFAULTS;
        Demand usual = PredictiveRuleTest.officeWeek(seed, Set.of());
        Demand withHoliday = PredictiveRuleTest.officeWeek(seed, Set.of(holiday));

        double usualExtra = extraHours(usual, shape, guide);
        double holidayExtra = extraHours(withHoliday, shape, guide);

        // A wrong forecast costs at most an early start or two (well under an hour of a machine).
        assertThat(holidayExtra).isLessThan(usualExtra + 1.0);
    }

    private static double extraHours(Demand demand, GroupShape shape, PolicySettings settings) {
        GroupSimulation simulation = new GroupSimulation(demand, shape);
        return simulation.scaled("predictive", new PredictiveRule(settings, shape), 2, null).instanceHours()
                - simulation.scaled("guide", new GuideRule(settings), 2, null).instanceHours();
    }
}
