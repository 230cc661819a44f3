package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.GroupDecision.Kind;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever it has learned, the forecast only adds machines early or keeps them longer: it never stops one. */
class DemandForecastPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @Property(tries = 300)
    void theForecastTurnsNoneIntoAScaleUpOrAScaleDownIntoNoneAndNothingElse(
            @ForAll @Size(min = 1, max = 2000) List<@IntRange(min = 0, max = 40) Integer> usersEvery5Minutes,
            @ForAll @IntRange(min = 0, max = 900) int leadSeconds,
            @ForAll @IntRange(min = 0, max = 8) int workersPerInstance,
            @ForAll @IntRange(min = 1, max = 4) int instances,
            @ForAll Kind guideKind,
            @ForAll boolean scaleUpPossible) {
        DemandForecast forecast = new DemandForecast(PolicySettings.GUIDE_DEFAULTS, leadSeconds, 30, workersPerInstance);
        for (int i = 0; i < usersEvery5Minutes.size(); i++) {
            forecast.observe(300.0 * i, usersEvery5Minutes.get(i), usersEvery5Minutes.get(i) / 2);
        }
        double t = 300.0 * usersEvery5Minutes.size();
        GroupDecision guide = new GroupDecision(guideKind, guideKind == Kind.NONE ? Optional.empty() : Optional.of("ps-2"),
                List.of("guide"), PolicyState.INITIAL);
        GroupDecision scaleUp = scaleUpPossible
                ? new GroupDecision(Kind.SCALE_UP, Optional.of("ps-2"), List.of("operator"), PolicyState.INITIAL)
                : new GroupDecision(Kind.NONE, Optional.empty(), List.of("at the maximum"), PolicyState.INITIAL);

        GroupDecision adjusted = forecast.adjust(guide, PolicyState.INITIAL, t, instances, NOW, from -> scaleUp);

        if (adjusted != guide) {
            boolean preWarm = guideKind == Kind.NONE && adjusted.kind() == Kind.SCALE_UP;
            boolean held = guideKind == Kind.SCALE_DOWN && adjusted.kind() == Kind.NONE;
            assertThat(preWarm || held).as(guideKind + " became " + adjusted.kind()).isTrue();
            assertThat(adjusted.reasons()).anySatisfy(r -> assertThat(r).contains("forecast"));
        }
        if (guideKind != Kind.NONE && guideKind != Kind.SCALE_DOWN) {
            assertThat(adjusted).isSameAs(guide);
        }
    }
}
