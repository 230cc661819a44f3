package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.policy.PolicySettings;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommenderTest {
    private static final GroupShape SHAPE = new GroupShape(8, 120, 30, 300, 0.51, 3);
    private static final Demand WEEK = PredictiveRuleTest.officeWeek(3, Set.of(2, 3, 4));

    @Test
    void shouldFindAConfigurationNoSlowerThanTheGuideAndNoDearer() {
        Planner planner = new Planner(WEEK, SHAPE, PolicySettings.GUIDE_DEFAULTS);
        PlanOutcome guide = planner.runGuide("guide", PolicySettings.GUIDE_DEFAULTS, null);

        Recommender.Recommendation found = new Recommender(planner).recommend(Double.NaN, 1, 2);

        assertThat(found.slowTarget()).isEqualTo(guide.slowFraction());
        assertThat(found.outcome().policy()).isEqualTo("recommended");
        assertThat(found.outcome().slowFraction()).isLessThanOrEqualTo(guide.slowFraction());
        assertThat(found.outcome().costUsd()).isLessThanOrEqualTo(guide.costUsd());
        assertThat(found.configurationsTried()).isGreaterThan(30);
    }

    @Test
    void shouldKeepOneMachineWhenAnySlowFractionIsAcceptable() {
        Planner planner = new Planner(WEEK, SHAPE, PolicySettings.GUIDE_DEFAULTS);
        PlanOutcome alone = planner.run(new PlanPolicy("always-on:1", PlanPolicy.Kind.ALWAYS_ON, 1), null);

        PlanOutcome cheapest = new Recommender(planner).recommend(1.0, 1, 2).outcome();

        assertThat(cheapest.costUsd()).isEqualTo(alone.costUsd());
        assertThat(cheapest.config()).isNotEmpty();
    }

    @Test
    void shouldNameOnlyTheKeysItChangedAsTheyAreWrittenInTheEnvFile() {
        PolicySettings chosen = PolicySettings.GUIDE_DEFAULTS.withTimings(Duration.ofSeconds(120), Duration.ofSeconds(300));

        assertThat(Recommender.changedKeys(PolicySettings.GUIDE_DEFAULTS, chosen))
                .containsExactly(java.util.Map.entry("COOLDOWN_SECONDS", "120"), java.util.Map.entry("SCALE_DOWN_DELAY_SECONDS", "300"));
    }

    @Test
    void shouldRecommendTheSameForTheSameSeed() {
        Demand twoDays = PredictiveRuleTest.officeWeek(4, Set.of(2, 3, 4));
        Planner planner = new Planner(twoDays, SHAPE, PolicySettings.GUIDE_DEFAULTS);

        String first = new Recommender(planner).recommend(Double.NaN, 9, 2).outcome().toJson();
        String second = new Recommender(planner).recommend(Double.NaN, 9, 1).outcome().toJson();

        assertThat(first).isEqualTo(second);
    }
}
