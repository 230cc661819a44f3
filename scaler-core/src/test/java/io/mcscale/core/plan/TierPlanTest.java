package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.UserTier;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.TierRule;
import io.mcscale.core.policy.TierRules;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The per-tier rules in the planner: the simulation reports each tier's figures to the daemon's own
 * policy, and the outcome lists each tier's waits. Two workers, machines that serve at once, and the
 * guide's policy plus {@code TIER_ENTERPRISE_RESPONSE_UP_SECONDS=1}.
 */
class TierPlanTest {
    private static final GroupShape TWO_WORKERS = new GroupShape(2, 0, 30, 300, 0.51, 3);
    private static final PolicySettings ENTERPRISE_WAIT_1S = PolicySettings.GUIDE_DEFAULTS.withTierRules(new TierRules(List.of(
            new TierRule(UserTier.ENTERPRISE, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                    OptionalDouble.of(1), OptionalDouble.empty(), 1))));

    /**
     * Two 60 s simulations and a 5 s one at once from one user: the third waits. By the guide's votes
     * nothing scales: at 30 s only the CPU votes (the waiting one has not started, so the response is
     * 0); at 60 s it starts after 60 s, but one busy worker of two is 50% CPU, so only the response votes.
     */
    private static Demand burst(UserTier tier) {
        return Demands.builder().row(0, "u", 60, tier).row(0, "u", 60, tier).row(0, "u", 5, tier).build();
    }

    private static PlanOutcome guide(Demand demand) {
        return new Planner(demand, TWO_WORKERS, ENTERPRISE_WAIT_1S).run(PlanPolicy.parse("guide"), null);
    }

    @Test
    void shouldScaleUpForAnEnterpriseBacklogThatWaitsTooLong() {
        PlanOutcome outcome = guide(burst(UserTier.ENTERPRISE));

        // At the 30 s poll the waiting enterprise simulation is 30 s old: enterprise:wait>1s starts the secondary, where it starts.
        assertThat(outcome.maxInstances()).isEqualTo(2);
        assertThat(outcome.tiers()).containsExactly(new TierWaits(UserTier.ENTERPRISE, 3, 30, 1, 1));
        assertThat(outcome.toJson()).contains(
                "\"max_instances\":2,\"tiers\":{\"enterprise\":{\"simulations\":3,\"p95_wait_s\":30,\"slow_simulations\":1,\"slow_after_s\":1}}");
    }

    @Test
    void shouldNotScaleUpForTheSameBacklogInTheFreeTierWhichHasNoRule() {
        PlanOutcome outcome = guide(burst(UserTier.FREE));

        assertThat(outcome.maxInstances()).isEqualTo(1);
        assertThat(outcome.tiers()).containsExactly(new TierWaits(UserTier.FREE, 3, 60, 1, 3));
    }

    @Test
    void shouldListTheWaitsOfEachTierThatHasSimulations() {
        Demand mixed = Demands.builder().row(0, "a", 60, UserTier.PRO).row(0, "b", 60, UserTier.FREE)
                .row(0, "c", 60, UserTier.FREE).row(0, "d", 60, UserTier.PRO).build();

        PlanOutcome outcome = new GroupSimulation(mixed, TWO_WORKERS).alwaysOn("always-on:1", 1, null);

        // The platform's claim order: a and b start at once, then c and d (users with nothing running) at 60.
        assertThat(outcome.tiers()).containsExactly(new TierWaits(UserTier.FREE, 2, 60, 1, 3), new TierWaits(UserTier.PRO, 2, 60, 1, 3));
    }

    @Test
    void shouldLeaveTheOutcomeAsBeforeForADemandWithoutATierColumn() {
        Demand demand = Demands.builder().row(0, "u", 60).row(0, "u", 60).row(0, "u", 60).build();

        PlanOutcome outcome = guide(demand);

        assertThat(outcome.tiers()).isEmpty();
        assertThat(outcome.toJson()).doesNotContain("tiers");
    }

    @Test
    void shouldClaimByRunningSimulationsPerUnitOfTierWeightAsThePlatformDoes() {
        // A free user queues 8 simulations and 4 of them run; then an enterprise user queues 8. As each of the running
        // ones ends, the next claim goes to the user with the fewest running per unit of weight (ties to the oldest head).
        Demands builder = Demands.builder();
        for (int i = 0; i < 8; i++) {
            builder.row(0, "f", 100, UserTier.FREE);
        }
        for (int i = 0; i < 8; i++) {
            builder.row(0, "e", 100, UserTier.ENTERPRISE);
        }
        Demand demand = builder.build();

        // Default weights 1, 2, 4: after free's 3, 2, 1, 0 running against enterprise's 0, 1/4, 2/4, 3/4.
        assertThat(claimsAsTheFirstFourEnd(demand, new GroupShape(4, 0, 30, 300, 0.51, 3))).containsExactly("e", "e", "e", "f");
        // Equal weights: the free user's 1 running against the enterprise user's 2 wins the third claim.
        assertThat(claimsAsTheFirstFourEnd(demand, new GroupShape(4, 0, 30, 300, 0.51, 3)
                .withClaimWeights(Map.of(UserTier.FREE, 1, UserTier.PRO, 1, UserTier.ENTERPRISE, 1)))).containsExactly("e", "e", "f", "f");
    }

    /** The free user's rows queue and four of them start; then the enterprise rows queue, and as each running one ends, one more is claimed. */
    private static List<String> claimsAsTheFirstFourEnd(Demand demand, GroupShape shape) {
        ClaimQueue queue = new ClaimQueue(demand, shape.claimWeightsByOrdinal());
        for (int row = 0; row < 8; row++) {
            queue.submitted(row);
        }
        int[] first = {queue.claim(), queue.claim(), queue.claim(), queue.claim()};
        for (int row = 8; row < demand.size(); row++) {
            queue.submitted(row);
        }
        List<String> next = new java.util.ArrayList<>();
        for (int row : first) {
            queue.finished(row);
            next.add(demand.userIds().get(demand.user(queue.claim())));
        }
        return next;
    }
}
