package io.mcscale.core.policy;

import static io.mcscale.core.model.ScaleDecision.Direction.DOWN;
import static io.mcscale.core.model.ScaleDecision.Direction.NONE;
import static io.mcscale.core.model.ScaleDecision.Direction.UP;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
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

    private static Optional<Instant> ago(Integer seconds) {
        return seconds == null ? Optional.empty() : Optional.of(NOW.minusSeconds(seconds));
    }
}
