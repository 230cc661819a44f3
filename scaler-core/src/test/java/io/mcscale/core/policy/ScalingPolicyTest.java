package io.mcscale.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");
    private final ScalingPolicy policy = new ScalingPolicy(PolicySettings.GUIDE_DEFAULTS);
    private final MetricsReading low = MetricsReading.complete(new GroupMetrics(2, 1, 10, OptionalDouble.empty(), 0, 200));
    private final MetricsReading busy = MetricsReading.complete(new GroupMetrics(2, 7, 35, OptionalDouble.empty(), 0, 200));

    @Test
    void shouldScaleDownOnlyAfterLowLoadHeldAtEveryTickForTheWholeDelay() {
        PolicyState state = PolicyState.INITIAL;
        for (int t = 0; t < 600; t += 30) {
            PolicyResult result = policy.evaluate(state, 2, low, T0.plusSeconds(t));
            assertThat(result.decision().direction()).as("at %d s", t).isEqualTo(Direction.NONE);
            state = result.next();
        }
        PolicyResult at600 = policy.evaluate(state, 2, low, T0.plusSeconds(600));

        assertThat(at600.decision().direction()).isEqualTo(Direction.DOWN);
    }

    @Test
    void shouldRestartTheLowLoadClockAfterOneBusyTick() {
        PolicyState state = policy.evaluate(PolicyState.INITIAL, 2, low, T0).next();
        state = policy.evaluate(state, 2, busy, T0.plusSeconds(300)).next();
        state = policy.evaluate(state, 2, low, T0.plusSeconds(330)).next();

        PolicyResult at600 = policy.evaluate(state, 2, low, T0.plusSeconds(600));
        PolicyResult at930 = policy.evaluate(at600.next(), 2, low, T0.plusSeconds(930));

        assertThat(at600.decision().reasons()).containsExactly("low for 270 of 600 s");
        assertThat(at930.decision().direction()).isEqualTo(Direction.DOWN);
    }

    @Test
    void shouldFailOverAtOnceIgnoringTheCooldown() {
        PolicyState justScaled = PolicyState.afterAction(T0);

        PolicyResult result = policy.failover(justScaled, 1, 3, T0.plusSeconds(10));

        assertThat(result.decision().direction()).isEqualTo(Direction.UP);
        assertThat(result.decision().reasons()).containsExactly("primary failed 3 health checks", "failover ignores cooldown");
        assertThat(policy.cooldownLeft(result.next(), T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void shouldNotFailOverBeyondTheMaximum() {
        PolicyResult result = policy.failover(PolicyState.INITIAL, 2, 3, T0);

        assertThat(result.decision().direction()).isEqualTo(Direction.NONE);
        assertThat(result.decision().reasons()).contains("at max 2 instances");
    }
}
