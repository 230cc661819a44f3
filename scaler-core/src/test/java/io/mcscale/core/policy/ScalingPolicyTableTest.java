package io.mcscale.core.policy;

import static io.mcscale.core.model.ScaleDecision.Direction.DOWN;
import static io.mcscale.core.model.ScaleDecision.Direction.NONE;
import static io.mcscale.core.model.ScaleDecision.Direction.UP;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision;
import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.TierMetrics;
import io.mcscale.core.model.UserTier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule and boundary of Contract 3, one row each, grouped like HPA's TestScalingWithRules. */
class ScalingPolicyTableTest {
    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");

    record Case(
            String name,
            // controller arguments
            int maxInstances,
            // external world state
            int instances,
            MetricsReading reading,
            Integer lowSinceSecondsAgo,
            Integer lastActionSecondsAgo,
            // expected result
            ScaleDecision.Direction direction,
            List<String> reasons,
            Integer nextLowSinceSecondsAgo) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // Scale up: 2 of 5 votes, thresholds strict except users.
                new Case("six users and hot cpu scale up", 2, 1, read(1, 6, 71, null, 0, 500), null, null,
                        UP, List.of("active_users>=6", "cpu>70"), null),
                new Case("exactly six users count as a vote", 2, 1, read(1, 6, 10, null, 6, 500), null, null,
                        UP, List.of("active_users>=6", "queue>5"), null),
                new Case("five users do not vote", 2, 1, read(1, 5, 71, null, 0, 500), null, null,
                        NONE, List.of("cpu>70", "1 of 2 votes"), null),
                new Case("cpu of exactly 70 does not vote", 2, 1, read(1, 6, 70, null, 0, 500), null, null,
                        NONE, List.of("active_users>=6", "1 of 2 votes"), null),
                new Case("gpu of exactly 80 does not vote", 2, 1, read(1, 6, 10, 80.0, 0, 500), null, null,
                        NONE, List.of("active_users>=6", "1 of 2 votes"), null),
                new Case("gpu just above 80 votes", 2, 1, read(1, 6, 10, 80.1, 0, 500), null, null,
                        UP, List.of("active_users>=6", "gpu>80"), null),
                new Case("a queue of exactly 5 does not vote", 2, 1, read(1, 0, 71, null, 5, 500), null, null,
                        NONE, List.of("cpu>70", "1 of 2 votes"), null),
                new Case("a response of exactly 3 s does not vote", 2, 1, read(1, 0, 71, null, 0, 3000), null, null,
                        NONE, List.of("cpu>70", "1 of 2 votes"), null),
                new Case("a response just over 3 s votes", 2, 1, read(1, 0, 71, null, 0, 3001), null, null,
                        UP, List.of("cpu>70", "response>3s"), null),
                new Case("a null gpu is left out of the up vote", 2, 1, read(1, 6, 10, null, 0, 500), null, null,
                        NONE, List.of("active_users>=6", "1 of 2 votes"), null),
                new Case("with two serving the user threshold is twelve", 3, 2, read(2, 12, 75, null, 0, 500), null, null,
                        UP, List.of("active_users>=12", "cpu>70"), null),
                new Case("eleven users on two instances do not vote", 3, 2, read(2, 11, 75, null, 0, 500), null, null,
                        NONE, List.of("cpu>70", "1 of 2 votes"), null),
                new Case("no scale up at the maximum", 2, 2, read(2, 20, 95, 95.0, 9, 5000), null, null,
                        NONE, List.of("active_users>=12", "cpu>70", "gpu>80", "queue>5", "response>3s", "at max 2 instances"), null),

                // Cooldown: allowed when now - last action >= 300 s.
                new Case("cooldown blocks 299 s after an action", 2, 1, read(1, 6, 71, null, 0, 500), null, 299,
                        NONE, List.of("active_users>=6", "cpu>70", "cooldown 1 s left"), null),
                new Case("cooldown says how long is left", 2, 1, read(1, 6, 71, null, 0, 500), null, 88,
                        NONE, List.of("active_users>=6", "cpu>70", "cooldown 212 s left"), null),
                new Case("cooldown allows exactly 300 s after an action", 2, 1, read(1, 6, 71, null, 0, 500), null, 300,
                        UP, List.of("active_users>=6", "cpu>70"), null),

                // Scale down: all five held for 600 s without a break.
                new Case("low load starts the clock", 2, 2, read(2, 4, 29, 39.0, 0, 999), null, null,
                        NONE, List.of("low for 0 of 600 s"), 0),
                new Case("low for 599 s is not enough", 2, 2, read(2, 4, 29, 39.0, 0, 999), 599, null,
                        NONE, List.of("low for 599 of 600 s"), 599),
                new Case("low for exactly 600 s scales down", 2, 2, read(2, 4, 29, 39.0, 0, 999), 600, null,
                        DOWN, List.of("active_users<=4", "cpu<30", "gpu<40", "queue==0", "response<1s", "low for 600 of 600 s"), null),
                new Case("a null gpu is left out of the down vote", 2, 2, read(2, 0, 5, null, 0, 100), 700, null,
                        DOWN, List.of("active_users<=4", "cpu<30", "queue==0", "response<1s", "low for 700 of 600 s"), null),
                new Case("five users on two instances break the low clock", 2, 2, read(2, 5, 29, 39.0, 0, 999), 599, null,
                        NONE, List.of("0 of 2 votes"), null),
                new Case("cpu of exactly 30 breaks the low clock", 2, 2, read(2, 4, 30, 39.0, 0, 999), 599, null,
                        NONE, List.of("0 of 2 votes"), null),
                new Case("gpu of exactly 40 breaks the low clock", 2, 2, read(2, 4, 29, 40.0, 0, 999), 599, null,
                        NONE, List.of("0 of 2 votes"), null),
                new Case("one queued job breaks the low clock", 2, 2, read(2, 4, 29, 39.0, 1, 999), 599, null,
                        NONE, List.of("0 of 2 votes"), null),
                new Case("a response of exactly 1 s breaks the low clock", 2, 2, read(2, 4, 29, 39.0, 0, 1000), 599, null,
                        NONE, List.of("0 of 2 votes"), null),
                new Case("never below one instance", 2, 1, read(1, 0, 1, 1.0, 0, 10), 600, null,
                        NONE, List.of("active_users<=0", "cpu<30", "gpu<40", "queue==0", "response<1s", "low for 600 of 600 s", "at min 1 instance"), 600),
                new Case("cooldown also holds a scale down back", 2, 2, read(2, 0, 1, null, 0, 10), 600, 250,
                        NONE, List.of("active_users<=4", "cpu<30", "queue==0", "response<1s", "low for 600 of 600 s", "cooldown 50 s left"), 600),

                // A failed read is never zeros.
                new Case("a failed read cannot scale down and restarts the clock", 2, 2, MetricsReading.failed("ps2: timeout after 5 s"), 700, null,
                        NONE, List.of("metrics read failed: ps2: timeout after 5 s"), null),
                new Case("a partly failed read may still scale up", 3, 2,
                        MetricsReading.partial(metrics(1, 12, 90, null, 0, 500), List.of("ps3: connection refused")), null, null,
                        UP, List.of("metrics read failed: ps3: connection refused", "active_users>=6", "cpu>70"), null),
                new Case("a partly failed read of idle instances does not scale down", 2, 2,
                        MetricsReading.partial(metrics(1, 0, 1, null, 0, 10), List.of("ps2: HTTP 500")), 900, null,
                        NONE, List.of("metrics read failed: ps2: HTTP 500", "0 of 2 votes"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesByTheGuidesRules(Case c) {
        var policy = new ScalingPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(c.maxInstances()));
        var state = new PolicyState(ago(c.lowSinceSecondsAgo()), ago(c.lastActionSecondsAgo()));

        PolicyResult result = policy.evaluate(state, c.instances(), c.reading(), NOW);

        assertThat(result.decision().direction()).isEqualTo(c.direction());
        assertThat(result.decision().reasons()).containsExactlyElementsOf(c.reasons());
        if (result.decision().isAction()) {
            assertThat(result.next()).isEqualTo(PolicyState.afterAction(NOW));
        } else {
            assertThat(result.next().lowSince()).isEqualTo(ago(c.nextLowSinceSecondsAgo()));
            assertThat(result.next().lastAction()).isEqualTo(state.lastAction());
        }
    }

    static MetricsReading read(int serving, int users, double cpu, Double gpu, int queue, double responseMs) {
        return MetricsReading.complete(metrics(serving, users, cpu, gpu, queue, responseMs));
    }

    static GroupMetrics metrics(int serving, int users, double cpu, Double gpu, int queue, double responseMs) {
        return new GroupMetrics(serving, users, cpu, gpu == null ? OptionalDouble.empty() : OptionalDouble.of(gpu), queue, responseMs);
    }

    /** A row of the per-tier rules: the guide's defaults plus {@code rules}, at most 3 instances, no recent action. */
    record TierCase(
            String name,
            // spec
            TierRules rules,
            // external world state
            int instances,
            MetricsReading reading,
            Integer lowSinceSecondsAgo,
            // expected result
            ScaleDecision.Direction direction,
            List<String> reasons,
            Integer nextLowSinceSecondsAgo) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<TierCase> tierCases() {
        TierRules enterpriseWait1s = rules(wait(UserTier.ENTERPRISE, 1, null));
        List<String> guideLow = List.of("active_users<=4", "cpu<30", "queue==0", "response<1s");
        return Stream.of(
                // Up: a tier with rules is a vote group of its own.
                new TierCase("an enterprise wait over 1 s scales up on its own vote", enterpriseWait1s, 2,
                        withTiers(busy(), 2, Map.of(UserTier.ENTERPRISE, waiting(1.5))), null,
                        UP, List.of("enterprise:wait>1s"), null),
                new TierCase("the same wait in free, which has no rule, does not vote", enterpriseWait1s, 2,
                        withTiers(busy(), 2, Map.of(UserTier.FREE, waiting(1.5))), null,
                        NONE, List.of("0 of 2 votes", "enterprise:0 of 1 votes"), null),
                new TierCase("an enterprise wait of exactly 1 s does not vote", enterpriseWait1s, 2,
                        withTiers(busy(), 2, Map.of(UserTier.ENTERPRISE, waiting(1.0))), null,
                        NONE, List.of("0 of 2 votes", "enterprise:0 of 1 votes"), null),
                new TierCase("tier users scale per instance: 4 pro users on 2 instances vote at 2 each",
                        rules(users(UserTier.PRO, 2, null)), 2,
                        withTiers(busy(), 2, Map.of(UserTier.PRO, new TierLoad(4, 0, 0, 0))), null,
                        UP, List.of("pro:active_users>=4"), null),
                new TierCase("3 pro users on 2 instances do not vote", rules(users(UserTier.PRO, 2, null)), 2,
                        withTiers(busy(), 2, Map.of(UserTier.PRO, new TierLoad(3, 0, 0, 0))), null,
                        NONE, List.of("0 of 2 votes", "pro:0 of 1 votes"), null),
                new TierCase("a free queue over its threshold votes", rules(queue(UserTier.FREE, 3, null)), 2,
                        withTiers(busy(), 2, Map.of(UserTier.FREE, new TierLoad(1, 4, 0, 0))), null,
                        UP, List.of("free:queue>3"), null),
                new TierCase("a tier that needs 2 votes does not scale up on 1", rules(waitAndQueue(2)), 2,
                        withTiers(busy(), 2, Map.of(UserTier.ENTERPRISE, waiting(1.5))), null,
                        NONE, List.of("0 of 2 votes", "enterprise:wait>1s", "enterprise:1 of 2 votes"), null),
                new TierCase("a tier that needs 2 votes scales up on 2", rules(waitAndQueue(2)), 2,
                        withTiers(busy(), 2, Map.of(UserTier.ENTERPRISE, new TierLoad(1, 1, 1.5, 2))), null,
                        UP, List.of("enterprise:queue>0", "enterprise:wait>1s"), null),
                new TierCase("the guide's votes and a tier's are both listed", enterpriseWait1s, 2,
                        withTiers(read(2, 12, 75, null, 0, 500), 2, Map.of(UserTier.ENTERPRISE, waiting(2))), null,
                        UP, List.of("active_users>=12", "cpu>70", "enterprise:wait>1s"), null),
                new TierCase("a tier's vote at the maximum starts nothing", enterpriseWait1s, 3,
                        withTiers(busy(), 2, Map.of(UserTier.ENTERPRISE, waiting(2))), null,
                        NONE, List.of("enterprise:wait>1s", "at max 3 instances"), null),
                new TierCase("tier data from some instances may vote up", enterpriseWait1s, 2,
                        withTiers(busy(), 1, Map.of(UserTier.ENTERPRISE, waiting(2))), null,
                        UP, List.of("enterprise:wait>1s"), null),

                // Down: the guide's all-low and every tier condition low.
                new TierCase("an idle enterprise tier lets the group scale down and says so", enterpriseWait1s, 2,
                        withTiers(idle(), 2, Map.of(UserTier.ENTERPRISE, waiting(0.2))), 600,
                        DOWN, concat(guideLow, "enterprise:wait<=1s", "low for 600 of 600 s"), null),
                new TierCase("without tier data a tier rule holds the scale-down back", enterpriseWait1s, 2,
                        idle(), 700,
                        NONE, List.of("0 of 2 votes", "enterprise:no tier data"), null),
                new TierCase("tier data from only some instances cannot scale down", enterpriseWait1s, 2,
                        withTiers(idle(), 1, Map.of()), 700,
                        NONE, List.of("0 of 2 votes", "enterprise:0 of 1 votes", "enterprise:tier data from 1 of 2 instances"), null),
                new TierCase("a wait between the down and up thresholds breaks the low clock",
                        rules(wait(UserTier.ENTERPRISE, 1, 0.5)), 2,
                        withTiers(idle(), 2, Map.of(UserTier.ENTERPRISE, waiting(0.7))), 599,
                        NONE, List.of("0 of 2 votes", "enterprise:0 of 1 votes"), null),
                new TierCase("a wait below the down threshold keeps the low clock running",
                        rules(wait(UserTier.ENTERPRISE, 1, 0.5)), 2,
                        withTiers(idle(), 2, Map.of(UserTier.ENTERPRISE, waiting(0.4))), 100,
                        NONE, List.of("low for 100 of 600 s"), 100),
                new TierCase("tier users without a down threshold must be below the up threshold of n-1 instances",
                        rules(users(UserTier.PRO, 2, null)), 2,
                        withTiers(idle(), 2, Map.of(UserTier.PRO, new TierLoad(2, 0, 0, 0))), 599,
                        NONE, List.of("0 of 2 votes", "pro:0 of 1 votes"), null),
                new TierCase("tier users below the up threshold of n-1 instances are low",
                        rules(users(UserTier.PRO, 2, null)), 2,
                        withTiers(idle(), 2, Map.of(UserTier.PRO, new TierLoad(1, 0, 0, 0))), 600,
                        DOWN, concat(guideLow, "pro:active_users<2", "low for 600 of 600 s"), null),
                new TierCase("tier users at their down threshold are low", rules(users(UserTier.PRO, 3, 1)), 2,
                        withTiers(idle(), 2, Map.of(UserTier.PRO, new TierLoad(1, 0, 0, 0))), 600,
                        DOWN, concat(guideLow, "pro:active_users<=1", "low for 600 of 600 s"), null),
                new TierCase("a tier queue above its down threshold breaks the low clock", rules(queue(UserTier.FREE, 5, 0)), 2,
                        withTiers(idle(), 2, Map.of(UserTier.FREE, new TierLoad(0, 1, 0, 0))), 599,
                        NONE, List.of("0 of 2 votes", "free:0 of 1 votes"), null),
                new TierCase("without tier rules the tiers change nothing", TierRules.NONE, 2,
                        withTiers(idle(), 2, Map.of(UserTier.ENTERPRISE, waiting(9))), 600,
                        DOWN, concat(guideLow, "low for 600 of 600 s"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tierCases")
    void decidesByTheTierRulesBesideTheGuides(TierCase c) {
        var policy = new ScalingPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(3).withTierRules(c.rules()));
        var state = new PolicyState(ago(c.lowSinceSecondsAgo()), Optional.empty());

        PolicyResult result = policy.evaluate(state, c.instances(), c.reading(), NOW);

        assertThat(result.decision().direction()).isEqualTo(c.direction());
        assertThat(result.decision().reasons()).containsExactlyElementsOf(c.reasons());
        if (!result.decision().isAction()) {
            assertThat(result.next().lowSince()).isEqualTo(ago(c.nextLowSinceSecondsAgo()));
        }
    }

    static TierRules rules(TierRule... rules) {
        return new TierRules(List.of(rules));
    }

    static TierRule wait(UserTier tier, double up, Double down) {
        return new TierRule(tier, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                OptionalDouble.of(up), down == null ? OptionalDouble.empty() : OptionalDouble.of(down), 1);
    }

    static TierRule users(UserTier tier, int up, Integer down) {
        return new TierRule(tier, OptionalInt.of(up), down == null ? OptionalInt.empty() : OptionalInt.of(down),
                OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty(), 1);
    }

    static TierRule queue(UserTier tier, int up, Integer down) {
        return new TierRule(tier, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(up),
                down == null ? OptionalInt.empty() : OptionalInt.of(down), OptionalDouble.empty(), OptionalDouble.empty(), 1);
    }

    /** Enterprise: wait over 1 s and any queue, {@code votes} of them needed. */
    static TierRule waitAndQueue(int votes) {
        return new TierRule(UserTier.ENTERPRISE, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(0), OptionalInt.empty(),
                OptionalDouble.of(1), OptionalDouble.empty(), votes);
    }

    static TierLoad waiting(double avgWaitSeconds) {
        return new TierLoad(1, 0, avgWaitSeconds, avgWaitSeconds);
    }

    /** Two instances, neither up nor low by the guide's conditions. */
    static MetricsReading busy() {
        return read(2, 5, 50, null, 0, 2000);
    }

    /** Two instances, low by all the guide's down-conditions. */
    static MetricsReading idle() {
        return read(2, 0, 10, null, 0, 100);
    }

    /** {@code reading} with tier figures from {@code reporting} instances; unnamed tiers are idle. */
    static MetricsReading withTiers(MetricsReading reading, int reporting, Map<UserTier, TierLoad> loads) {
        return MetricsReading.complete(reading.metrics().orElseThrow().withTiers(new TierMetrics(loads, reporting)));
    }

    static List<String> concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static Optional<Instant> ago(Integer seconds) {
        return seconds == null ? Optional.empty() : Optional.of(NOW.minusSeconds(seconds));
    }
}
