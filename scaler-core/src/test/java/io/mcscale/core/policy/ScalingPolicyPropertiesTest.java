package io.mcscale.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the policy over random runs: each run is a list of ticks fed through evaluate. */
class ScalingPolicyPropertiesTest {
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    /** One tick: seconds since the previous one and what the metrics read returned. */
    record Tick(int gapSeconds, int users, double cpu, Double gpu, int queue, double responseMs, boolean readFails) {
        Tick withGpu(Double newGpu) {
            return new Tick(gapSeconds, users, cpu, newGpu, queue, responseMs, readFails);
        }
    }

    @Property(tries = 300)
    void neverScalesDownWhileTwoUpConditionsHold(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll @IntRange(min = 1, max = 5) int maxInstances) {
        var policy = new ScalingPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(maxInstances));
        for (Step step : run(policy, ticks)) {
            if (step.reading.metrics().isPresent() && upConditions(step.reading.metrics().get()) >= 2) {
                assertThat(step.direction).isNotEqualTo(Direction.DOWN);
            }
        }
    }

    @Property(tries = 300)
    void neverTakesTwoActionsWithinTheCooldown(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll @IntRange(min = 1, max = 5) int maxInstances) {
        var policy = new ScalingPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(maxInstances));
        Instant lastAction = null;
        for (Step step : run(policy, ticks)) {
            if (step.direction != Direction.NONE) {
                if (lastAction != null) {
                    assertThat(Duration.between(lastAction, step.at)).isGreaterThanOrEqualTo(Duration.ofSeconds(300));
                }
                lastAction = step.at;
            }
        }
    }

    @Property(tries = 300)
    void neverGoesBelowOneOrAboveTheMaximum(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll @IntRange(min = 1, max = 5) int maxInstances) {
        var policy = new ScalingPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(maxInstances));
        for (Step step : run(policy, ticks)) {
            assertThat(step.instancesAfter).isBetween(1, maxInstances);
        }
    }

    @Property(tries = 300)
    void decidesTheSameWithAGpuOfZeroAsWithGpuLeftOut(@ForAll("ticks") @Size(min = 1, max = 80) List<Tick> ticks,
            @ForAll @IntRange(min = 1, max = 5) int maxInstances) {
        var policy = new ScalingPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(maxInstances));
        List<Step> zero = run(policy, ticks.stream().map(t -> t.withGpu(0.0)).toList());
        List<Step> leftOut = run(policy, ticks.stream().map(t -> t.withGpu(null)).toList());

        assertThat(zero).extracting(Step::direction).isEqualTo(leftOut.stream().map(Step::direction).toList());
    }

    private record Step(Instant at, MetricsReading reading, Direction direction, int instancesAfter) {
    }

    /** Feeds the ticks through the policy, applying each action at once, as a replay with no boot time would. */
    private static List<Step> run(ScalingPolicy policy, List<Tick> ticks) {
        List<Step> steps = new ArrayList<>();
        PolicyState state = PolicyState.INITIAL;
        int instances = 1;
        Instant now = START;
        for (Tick tick : ticks) {
            now = now.plusSeconds(tick.gapSeconds());
            MetricsReading reading = tick.readFails()
                    ? MetricsReading.failed("timeout")
                    : MetricsReading.complete(new GroupMetrics(instances, tick.users(), tick.cpu(),
                            tick.gpu() == null ? OptionalDouble.empty() : OptionalDouble.of(tick.gpu()),
                            tick.queue(), tick.responseMs()));
            PolicyResult result = policy.evaluate(state, instances, reading, now);
            state = result.next();
            instances += switch (result.decision().direction()) {
                case UP -> 1;
                case DOWN -> -1;
                case NONE -> 0;
            };
            steps.add(new Step(now, reading, result.decision().direction(), instances));
        }
        return steps;
    }

    private static int upConditions(GroupMetrics m) {
        int votes = 0;
        votes += m.activeUsers() >= 6 * m.servingInstances() ? 1 : 0;
        votes += m.cpuUsage() > 70 ? 1 : 0;
        votes += m.gpuUsage().isPresent() && m.gpuUsage().getAsDouble() > 80 ? 1 : 0;
        votes += m.simulationQueueLength() > 5 ? 1 : 0;
        votes += m.avgResponseTimeMs() > 3000 ? 1 : 0;
        return votes;
    }

    @Provide
    Arbitrary<List<Tick>> ticks() {
        // Values cluster around the thresholds so that boundaries, not just extremes, are exercised.
        Arbitrary<Tick> tick = Combinators.combine(
                Arbitraries.of(1, 30, 30, 30, 60, 299, 300, 301, 600),
                Arbitraries.integers().between(0, 30),
                Arbitraries.of(0.0, 10.0, 29.9, 30.0, 50.0, 70.0, 70.1, 100.0),
                Arbitraries.of(0.0, 39.9, 40.0, 80.0, 80.1, 100.0).injectNull(0.3),
                Arbitraries.of(0, 0, 0, 1, 5, 6, 20),
                Arbitraries.of(0.0, 500.0, 999.0, 1000.0, 3000.0, 3001.0, 9000.0),
                Arbitraries.of(false, false, false, false, false, false, false, false, false, true))
                .as(Tick::new);
        return tick.list();
    }
}
