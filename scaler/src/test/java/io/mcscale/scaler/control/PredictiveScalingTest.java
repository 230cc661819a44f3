package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricSample;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.plan.DemandForecast;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.GroupDecision.Kind;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import io.mcscale.scaler.store.DecisionRecord;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared forecast as the daemon feeds it: a week of platform metrics (weekdays 14 users from
 * 09:00 to 11:00, one user otherwise), then one tick of the day under test, then the guide's
 * decision in, the forecast's out.
 */
class PredictiveScalingTest {
    /** Monday; the history is the week before. */
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final GroupDecision PUT_UP = new GroupDecision(Kind.SCALE_UP, Optional.of("ps-2"),
            List.of("operator"), PolicyState.INITIAL.withLowSince(Optional.empty()));

    record Case(String name, String at, Kind guide, int instances, int usersTenMinutesEarlier, Kind expected,
            List<String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("too early: the crossing is beyond the lead", "2026-03-02T08:50:00Z", Kind.NONE, 1, 1, Kind.NONE,
                        List.of("guide")),
                new Case("a lead ahead: pre-warm", "2026-03-02T08:55:00Z", Kind.NONE, 1, 1, Kind.SCALE_UP,
                        List.of("forecast 14 users at 09:00", "pre-warm 300 s ahead")),
                new Case("three machines already cover the forecast", "2026-03-02T08:55:00Z", Kind.NONE, 3, 1, Kind.NONE,
                        List.of("guide")),
                new Case("a scale-down the peak would undo is held", "2026-03-02T08:55:00Z", Kind.SCALE_DOWN, 2, 1, Kind.NONE,
                        List.of("guide", "held: forecast 14 users at 09:00")),
                new Case("after the peak the guide's scale-down stands", "2026-03-02T12:00:00Z", Kind.SCALE_DOWN, 2, 1,
                        Kind.SCALE_DOWN, List.of("guide")),
                new Case("the guide's own scale-up stands", "2026-03-02T08:55:00Z", Kind.SCALE_UP, 1, 1, Kind.SCALE_UP,
                        List.of("guide")),
                new Case("saturday is learned from saturday", "2026-03-07T08:55:00Z", Kind.NONE, 1, 1, Kind.NONE,
                        List.of("guide")),
                new Case("the peak came: still held", "2026-03-02T09:20:00Z", Kind.SCALE_DOWN, 2, 14, Kind.NONE,
                        List.of("guide", "held: forecast 14 users at 09:15")),
                new Case("the peak did not come (a holiday): not trusted", "2026-03-02T09:20:00Z", Kind.SCALE_DOWN, 2, 1,
                        Kind.SCALE_DOWN, List.of("guide")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldPreWarmOrHoldOnlyWhereTheForecastSaysSo(Case c) {
        PredictiveScaling forecast = afterAWeekOfOfficeDays();
        Instant at = Instant.parse(c.at());
        forecast.observe(at.minus(Duration.ofMinutes(10)), reading(c.usersTenMinutesEarlier(), 0), samples(0, OptionalInt.empty()));

        GroupDecision guide = guide(c.guide());
        GroupDecision decided = forecast.adjust(guide, PolicyState.INITIAL, c.instances(), at, from -> PUT_UP);

        assertThat(decided.kind()).isEqualTo(c.expected());
        assertThat(decided.reasons()).containsExactlyElementsOf(c.reasons());
    }

    @Test
    void shouldLearnTheSameFromTheEventStoresDecisionsAsFromTheMetricsAndSkipFailedReads() {
        List<DecisionRecord> recorded = new ArrayList<>();
        long id = 0;
        for (Instant t = MONDAY.minus(Duration.ofDays(7)); t.isBefore(MONDAY); t = t.plus(Duration.ofMinutes(15))) {
            String inputs = "{\"instances\":1,\"active_users\":" + officeDayUsers(t) + ",\"simulation_queue_length\":0}";
            recorded.add(new DecisionRecord(++id, t, "none", List.of(), inputs));
        }
        recorded.add(new DecisionRecord(++id, MONDAY, "none", List.of(), "{\"instances\":1,\"failures\":[\"ps-1: timeout\"]}"));
        PredictiveScaling forecast = new PredictiveScaling(PolicySettings.GUIDE_DEFAULTS, Duration.ofSeconds(300),
                Duration.ofSeconds(30));

        assertThat(forecast.learn(recorded)).isEqualTo(7 * 96);
        Instant at = Instant.parse("2026-03-02T08:55:00Z");
        GroupDecision guide = guide(Kind.NONE);
        assertThat(forecast.adjust(guide, PolicyState.INITIAL, 1, at, from -> PUT_UP).reasons())
                .containsExactly("forecast 14 users at 09:00", "pre-warm 300 s ahead");
    }

    /**
     * Weekdays 09:00-11:00: 3 users (under the users vote) keep 14 simulations busy on one machine. Only the
     * platform's {@code workers} (8) shows the CPU and queue votes coming, as the planner's --workers does.
     */
    @ParameterizedTest(name = "workers reported: {0}")
    @MethodSource("workersReported")
    void shouldForecastTheLoadVotesOnlyWhenThePlatformsReportTheirWorkers(OptionalInt workers, Kind expected,
            List<String> reasons) {
        PredictiveScaling forecast = new PredictiveScaling(PolicySettings.GUIDE_DEFAULTS, Duration.ofSeconds(300),
                Duration.ofSeconds(30));
        for (Instant t = MONDAY.minus(Duration.ofDays(7)); t.isBefore(MONDAY); t = t.plus(Duration.ofMinutes(5))) {
            boolean busy = officeDayUsers(t) > 1;
            forecast.observe(t, reading(busy ? 3 : 1, busy ? 6 : 0), samples(busy ? 8 : 0, workers));
        }
        Instant at = Instant.parse("2026-03-02T08:55:00Z");

        GroupDecision decided = forecast.adjust(guide(Kind.NONE), PolicyState.INITIAL, 1, at, from -> PUT_UP);

        assertThat(decided.kind()).isEqualTo(expected);
        assertThat(decided.reasons()).containsExactlyElementsOf(reasons);
    }

    static List<Arguments> workersReported() {
        return List.of(
                Arguments.of(OptionalInt.of(8), Kind.SCALE_UP,
                        List.of("forecast cpu 100% at 09:00", "forecast queue 6 at 09:00", "pre-warm 300 s ahead")),
                Arguments.of(OptionalInt.empty(), Kind.NONE, List.of("guide")));
    }

    @Test
    void shouldTakeTheInstancesMeanWorkersAndNoneWhenAnyInstanceDoesNotReportThem() {
        assertThat(PredictiveScaling.workersPerInstance(List.of(sample(OptionalInt.of(8)), sample(OptionalInt.of(4))))).isEqualTo(6);
        assertThat(PredictiveScaling.workersPerInstance(List.of(sample(OptionalInt.of(8)), sample(OptionalInt.empty()))))
                .isEqualTo(DemandForecast.WORKERS_UNKNOWN);
        assertThat(PredictiveScaling.workersPerInstance(List.of())).isEqualTo(DemandForecast.WORKERS_UNKNOWN);
    }

    @Test
    void shouldChangeNothingBeforeItHasSeenAnything() {
        PredictiveScaling forecast = new PredictiveScaling(PolicySettings.GUIDE_DEFAULTS, Duration.ofSeconds(300),
                Duration.ofSeconds(30));
        GroupDecision guide = guide(Kind.SCALE_DOWN);

        assertThat(forecast.adjust(guide, PolicyState.INITIAL, 2, MONDAY, from -> PUT_UP)).isSameAs(guide);
    }

    private static GroupDecision guide(Kind kind) {
        return new GroupDecision(kind, kind == Kind.NONE ? Optional.empty() : Optional.of("ps-2"), List.of("guide"),
                PolicyState.INITIAL);
    }

    private static PredictiveScaling afterAWeekOfOfficeDays() {
        PredictiveScaling forecast = new PredictiveScaling(PolicySettings.GUIDE_DEFAULTS, Duration.ofSeconds(300),
                Duration.ofSeconds(30));
        for (Instant t = MONDAY.minus(Duration.ofDays(7)); t.isBefore(MONDAY); t = t.plus(Duration.ofMinutes(5))) {
            forecast.observe(t, reading(officeDayUsers(t), 2), samples(3, OptionalInt.empty()));
        }
        return forecast;
    }

    static int officeDayUsers(Instant t) {
        var time = t.atZone(ZoneOffset.UTC);
        boolean weekday = time.getDayOfWeek() != DayOfWeek.SATURDAY && time.getDayOfWeek() != DayOfWeek.SUNDAY;
        return weekday && time.getHour() >= 9 && time.getHour() < 11 ? 14 : 1;
    }

    /** One instance's own sample: what it runs now and, when it reports them, its workers. */
    private static List<MetricSample> samples(int running, OptionalInt workers) {
        return List.of(new MetricSample(1, 20, 20, OptionalDouble.empty(), 0, 100, OptionalInt.of(running), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), workers, Optional.empty()));
    }

    private static MetricSample sample(OptionalInt workers) {
        return samples(0, workers).get(0);
    }

    private static MetricsReading reading(int users, int queue) {
        return MetricsReading.complete(new GroupMetrics(1, users, 20, OptionalDouble.empty(), queue, 100));
    }
}
