package io.mcscale.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void shouldUseTheConfiguredThresholdsInItsVotesAndReasons() {
        var custom = new ScalingPolicy(new PolicySettings(3, 1, 60, 20, 90, 30, 2, 2.5, 0.5, 1,
                Duration.ofSeconds(60), Duration.ofSeconds(120), 3));
        var metrics = MetricsReading.complete(new GroupMetrics(1, 3, 60.5, OptionalDouble.of(90), 3, 2600));

        PolicyResult result = custom.evaluate(PolicyState.INITIAL, 1, metrics, T0);

        assertThat(result.decision().direction()).isEqualTo(Direction.UP);
        assertThat(result.decision().reasons()).containsExactly("active_users>=3", "cpu>60", "queue>2", "response>2.5s");
    }

    @Test
    void shouldScaleUpOnOneVoteWhenOneIsConfigured() {
        var oneVote = new ScalingPolicy(new PolicySettings(6, 4, 70, 30, 80, 40, 5, 3, 1, 1,
                Duration.ofSeconds(300), Duration.ofSeconds(600), 2));

        var onlyUsersHigh = MetricsReading.complete(new GroupMetrics(1, 7, 35, OptionalDouble.empty(), 0, 200));

        PolicyResult result = oneVote.evaluate(PolicyState.INITIAL, 1, onlyUsersHigh, T0);

        assertThat(result.decision().direction()).isEqualTo(Direction.UP);
        assertThat(result.decision().reasons()).containsExactly("active_users>=6");
    }

    @Test
    void shouldRefuseSettingsWhereOneLoadLevelCouldVoteBothWays() {
        assertThatThrownBy(() -> new PolicySettings(6, 6, 70, 30, 80, 40, 5, 3, 1, 2,
                Duration.ofSeconds(300), Duration.ofSeconds(600), 2))
                .hasMessage("SCALE_DOWN_THRESHOLD (6) must be below SCALE_UP_THRESHOLD (6)");
        assertThatThrownBy(() -> new PolicySettings(6, 4, 70, 30, 80, 40, 5, 1, 1.5, 2,
                Duration.ofSeconds(300), Duration.ofSeconds(600), 2))
                .hasMessage("RESPONSE_DOWN_SECONDS (1.5) must be below RESPONSE_UP_SECONDS (1)");
    }
}
