package io.mcscale.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision.Direction;
import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.TierMetrics;
import io.mcscale.core.model.UserTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Invariants of the per-tier rules: a tier rule only ever adds a way up and a condition for down,
 * and without tier rules the tier figures change nothing.
 */
class TierRulesPropertiesTest {
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    enum TierData { NOT_REPORTED, ALL_INSTANCES, ONE_INSTANCE }

    /** One evaluation: the gap since the last, the guide's figures, each tier's figures and how they were reported. */
    record Tick(int gapSeconds, int users, double cpu, int queue, double responseMs, List<TierLoad> tiers, TierData tierData,
            boolean readFails) {
    }

    @Property(tries = 500)
    void addingATierRuleNeverRemovesAnUpVoteNorLetsAScaleDownHappenSooner(
            @ForAll("tick") Tick tick, @ForAll("someRules") Map<UserTier, TierRule> before, @ForAll("rule") TierRule added,
            @ForAll @IntRange(min = 1, max = 4) int instances, @ForAll @IntRange(min = 0, max = 900) int lowForSeconds,
            @ForAll boolean wasLow, @ForAll @IntRange(min = 0, max = 600) int sinceActionSeconds, @ForAll boolean acted) {
        Map<UserTier, TierRule> after = new EnumMap<>(before);
        after.put(added.tier(), added);
        before.remove(added.tier());
        Instant now = START.plusSeconds(3600);
        PolicyState state = new PolicyState(wasLow ? Optional.of(now.minusSeconds(lowForSeconds)) : Optional.empty(),
                acted ? Optional.of(now.minusSeconds(sinceActionSeconds)) : Optional.empty());
        MetricsReading reading = reading(tick, instances);

        PolicyResult without = policy(before, 5).evaluate(state, instances, reading, now);
        PolicyResult with = policy(after, 5).evaluate(state, instances, reading, now);

        if (without.decision().direction() == Direction.UP) {
            assertThat(with.decision().direction()).isEqualTo(Direction.UP);
        }
        if (with.decision().direction() == Direction.DOWN) {
            assertThat(without.decision().direction()).isEqualTo(Direction.DOWN);
        }
        if (!with.decision().isAction() && with.next().lowSince().isPresent()) {
            assertThat(without.next().lowSince()).as("the low clock of the group without the rule runs at least as long")
                    .isPresent().get().matches(since -> !since.isAfter(with.next().lowSince().get()));
        }
    }

    @Property(tries = 300)
    void overARunATierRuleNeverScalesDownFirst(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll("someRules") Map<UserTier, TierRule> before, @ForAll("rule") TierRule added) {
        Map<UserTier, TierRule> after = new EnumMap<>(before);
        after.put(added.tier(), added);
        before.remove(added.tier());
        ScalingPolicy without = policy(before, 3);
        ScalingPolicy with = policy(after, 3);
        PolicyState withoutState = new PolicyState(Optional.empty(), Optional.empty());
        PolicyState withState = withoutState;
        Instant now = START;
        // Two instances and no action yet, so that either direction is open; the runs are compared until one acts.
        for (Tick tick : ticks) {
            now = now.plusSeconds(tick.gapSeconds());
            MetricsReading reading = reading(tick, 2);
            PolicyResult a = without.evaluate(withoutState, 2, reading, now);
            PolicyResult b = with.evaluate(withState, 2, reading, now);
            if (a.decision().isAction() || b.decision().isAction()) {
                if (b.decision().direction() == Direction.DOWN) {
                    assertThat(a.decision().direction()).as("scaled down with the rule but not without it").isEqualTo(Direction.DOWN);
                }
                if (a.decision().direction() == Direction.UP) {
                    assertThat(b.decision().direction()).as("scaled up without the rule but not with it").isEqualTo(Direction.UP);
                }
                return;
            }
            withoutState = a.next();
            withState = b.next();
        }
    }

    @Property(tries = 300)
    void withoutTierRulesTheTierFiguresChangeNoDecision(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll @IntRange(min = 1, max = 5) int maxInstances) {
        var policy = new ScalingPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(maxInstances));
        List<PolicyResult> withTiers = run(policy, ticks, maxInstances);
        List<PolicyResult> withoutTiers = run(policy, ticks.stream()
                .map(t -> new Tick(t.gapSeconds(), t.users(), t.cpu(), t.queue(), t.responseMs(), t.tiers(), TierData.NOT_REPORTED, t.readFails()))
                .toList(), maxInstances);

        assertThat(withTiers).isEqualTo(withoutTiers);
    }

    private static List<PolicyResult> run(ScalingPolicy policy, List<Tick> ticks, int maxInstances) {
        List<PolicyResult> results = new ArrayList<>();
        PolicyState state = PolicyState.INITIAL;
        int instances = 1;
        Instant now = START;
        for (Tick tick : ticks) {
            now = now.plusSeconds(tick.gapSeconds());
            PolicyResult result = policy.evaluate(state, instances, reading(tick, instances), now);
            results.add(result);
            state = result.next();
            instances += switch (result.decision().direction()) {
                case UP -> 1;
                case DOWN -> -1;
                case NONE -> 0;
            };
            assertThat(instances).isBetween(1, maxInstances);
        }
        return results;
    }

    private static ScalingPolicy policy(Map<UserTier, TierRule> rules, int maxInstances) {
        return new ScalingPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(maxInstances)
                .withTierRules(new TierRules(List.copyOf(rules.values()))));
    }

    private static MetricsReading reading(Tick tick, int instances) {
        if (tick.readFails()) {
            return MetricsReading.failed("timeout");
        }
        GroupMetrics metrics = new GroupMetrics(instances, tick.users(), tick.cpu(), OptionalDouble.empty(), tick.queue(), tick.responseMs());
        if (tick.tierData() != TierData.NOT_REPORTED) {
            Map<UserTier, TierLoad> loads = new EnumMap<>(UserTier.class);
            for (UserTier tier : UserTier.values()) {
                loads.put(tier, tick.tiers().get(tier.ordinal()));
            }
            metrics = metrics.withTiers(new TierMetrics(loads, tick.tierData() == TierData.ALL_INSTANCES ? instances : 1));
        }
        return MetricsReading.complete(metrics);
    }

    @Provide
    Arbitrary<Tick> tick() {
        // Values cluster around the guide's and the generated rules' thresholds.
        Arbitrary<TierLoad> load = Combinators.combine(
                Arbitraries.integers().between(0, 7),
                Arbitraries.of(0, 0, 1, 2, 3, 4),
                Arbitraries.of(0.0, 0.3, 0.4, 0.5, 1.0, 1.5, 2.0, 4.0),
                Arbitraries.of(0.0, 1.0, 5.0)).as(TierLoad::new);
        return Combinators.combine(
                Arbitraries.of(1, 30, 30, 60, 300, 600),
                Arbitraries.integers().between(0, 14),
                Arbitraries.of(10.0, 29.9, 30.0, 50.0, 70.1),
                Arbitraries.of(0, 0, 0, 1, 6),
                Arbitraries.of(100.0, 999.0, 1000.0, 3001.0),
                load.list().ofSize(3),
                Arbitraries.of(TierData.ALL_INSTANCES, TierData.ALL_INSTANCES, TierData.ALL_INSTANCES, TierData.NOT_REPORTED,
                        TierData.ONE_INSTANCE),
                Arbitraries.of(false, false, false, false, false, false, false, false, false, true))
                .as(Tick::new);
    }

    @Provide
    Arbitrary<List<Tick>> ticks() {
        return tick().list();
    }

    @Provide
    Arbitrary<Map<UserTier, TierRule>> someRules() {
        return rule().list().ofMaxSize(3).map(rules -> {
            Map<UserTier, TierRule> byTier = new EnumMap<>(UserTier.class);
            rules.forEach(rule -> byTier.put(rule.tier(), rule));
            return byTier;
        });
    }

    /** A valid rule: 1-3 conditions, each with or without a down threshold below its up one, and 1 to that many votes. */
    @Provide
    Arbitrary<TierRule> rule() {
        return Combinators.combine(
                Arbitraries.of(UserTier.class),
                Arbitraries.of(0, 1, 2, 3),
                Arbitraries.of(-1, 0, 1),
                Arbitraries.of(-1, 0, 1, 3),
                Arbitraries.of(-1, 0),
                Arbitraries.of(0.0, 0.5, 1.0, 2.0),
                Arbitraries.of(-1.0, 0.4),
                Arbitraries.integers().between(1, 3))
                .as((tier, usersUp, usersDown, queueUp, queueDown, waitUp, waitDown, votes) -> {
                    OptionalInt users = usersUp == 0 ? OptionalInt.empty() : OptionalInt.of(usersUp);
                    OptionalInt queue = queueUp < 0 ? OptionalInt.empty() : OptionalInt.of(queueUp);
                    OptionalDouble wait = waitUp == 0 ? OptionalDouble.empty() : OptionalDouble.of(waitUp);
                    if (users.isEmpty() && queue.isEmpty() && wait.isEmpty()) {
                        wait = OptionalDouble.of(1.0);
                    }
                    int conditions = (users.isPresent() ? 1 : 0) + (queue.isPresent() ? 1 : 0) + (wait.isPresent() ? 1 : 0);
                    return new TierRule(tier, users,
                            users.isPresent() && usersDown >= 0 && usersDown < usersUp ? OptionalInt.of(usersDown) : OptionalInt.empty(),
                            queue,
                            queue.isPresent() && queueDown == 0 ? OptionalInt.of(0) : OptionalInt.empty(),
                            wait,
                            wait.isPresent() && waitDown > 0 && waitDown < wait.getAsDouble() ? OptionalDouble.of(waitDown) : OptionalDouble.empty(),
                            Math.min(votes, conditions));
                });
    }
}
