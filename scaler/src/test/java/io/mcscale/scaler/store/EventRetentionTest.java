package io.mcscale.scaler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.cost.MonthCost;
import io.mcscale.core.model.MachineState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventRetentionTest {
    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    @TempDir
    Path dir;

    record Cutoff(
            String name,
            // retention and the time it runs
            int days,
            String now,
            // expected cutoffs
            String decisionsBefore,
            String logBefore) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Cutoff> cutoffs() {
        return Stream.of(
                new Cutoff("the default keeps 90 days of everything", 90, "2026-03-15T12:00:00Z",
                        "2025-12-15T12:00:00Z", "2025-12-15T12:00:00Z"),
                new Cutoff("a week of decisions, the log from the previous month", 7, "2026-03-15T12:00:00Z",
                        "2026-03-08T12:00:00Z", "2026-02-01T00:00:00Z"),
                new Cutoff("on the first of January the previous month is December", 1, "2026-01-01T00:00:00Z",
                        "2025-12-31T00:00:00Z", "2025-12-01T00:00:00Z"),
                new Cutoff("at the end of a month the previous one is still kept whole", 45, "2026-03-31T23:59:59Z",
                        "2026-02-14T23:59:59Z", "2026-02-01T00:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("cutoffs")
    void shouldCutDecisionsAtTheRetentionAndTheLogNoLaterThanThePreviousMonth(Cutoff c) {
        EventRetention retention = EventRetention.days(c.days());
        Instant now = Instant.parse(c.now());

        assertThat(retention.decisionsBefore(now)).isEqualTo(Instant.parse(c.decisionsBefore()));
        assertThat(retention.logBefore(now)).isEqualTo(Instant.parse(c.logBefore()));
    }

    @Test
    void shouldRefuseARetentionShorterThanADay() {
        assertThatThrownBy(() -> new EventRetention(Duration.ofHours(23)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EVENT_RETENTION_DAYS");
    }

    @Test
    void shouldDeleteOldDecisionsButKeepWhatTheCostReportRecoveryAndCooldownNeed() {
        Instant january = Instant.parse("2026-01-10T08:00:00Z");
        try (EventStore store = EventStore.open(dir.resolve("events.db"))) {
            store.recordDecision(january, GroupDecision.Kind.NONE, List.of(), Map.of("active_users", 30));
            store.recordDecision(NOW.minus(Duration.ofDays(8)), GroupDecision.Kind.NONE, List.of(), Map.of("active_users", 20));
            store.recordDecision(NOW.minus(Duration.ofDays(6)), GroupDecision.Kind.NONE, List.of(), Map.of("active_users", 3));
            // ps-2 ran from January into March; ps-3 was off since January; ps-4 changed often before February.
            store.recordState(january, "ps-2", MachineState.STARTING);
            store.recordState(january.plusSeconds(60), "ps-2", MachineState.READY);
            store.recordState(january, "ps-3", MachineState.READY);
            store.recordState(january.plusSeconds(3600), "ps-3", MachineState.OFF);
            store.recordState(Instant.parse("2026-02-10T00:00:00Z"), "ps-4", MachineState.READY);
            ended(store, january, "scale_up", "ok");
            ended(store, january.plusSeconds(600), "scale_up", "failed");
            ended(store, january.plusSeconds(1200), "scale_up", "ok");
            ended(store, Instant.parse("2026-02-02T00:00:00Z"), "scale_down", "ok");
            store.actionStarted(january.plusSeconds(1800), ActionKind.SCALE_DOWN, "ps-2");
            List<InstanceInterval> februaryBefore = monthIntervals(store, YearMonth.of(2026, 2));
            List<InstanceInterval> marchBefore = monthIntervals(store, YearMonth.of(2026, 3));

            PrunedEvents pruned = store.prune(EventRetention.days(7), NOW);

            assertThat(pruned).isEqualTo(new PrunedEvents(2, 2, 1));
            assertThat(store.recentDecisions(10)).singleElement().satisfies(d -> assertThat(d.at()).isEqualTo(NOW.minus(Duration.ofDays(6))));
            assertThat(monthIntervals(store, YearMonth.of(2026, 2))).isEqualTo(februaryBefore).isNotEmpty();
            assertThat(monthIntervals(store, YearMonth.of(2026, 3))).isEqualTo(marchBefore).isNotEmpty();
            assertThat(store.lastState("ps-2")).contains(MachineState.READY);
            assertThat(store.lastState("ps-3")).contains(MachineState.OFF);
            assertThat(store.unfinishedActions()).singleElement().satisfies(a -> assertThat(a.startedAt()).isEqualTo(january.plusSeconds(1800)));
            assertThat(store.lastSuccessfulScalingAction()).contains(Instant.parse("2026-02-02T00:00:00Z"));
            assertThat(store.recentActions(10)).extracting(a -> a.kind().word() + " " + a.result().map(ActionResult::word).orElse("-"))
                    .containsExactly("scale_down -", "scale_down ok", "scale_up ok", "scale_up failed");
        }
    }

    /**
     * Whatever the log and the retention, a prune changes no cost report of this or the previous
     * month, no machine's last state, no unfinished action and not when the last scaling action was.
     */
    @Property(tries = 25)
    void pruningNeverChangesWhatTheScalerAndTheCostReportRead(
            @ForAll("logs") List<Event> log, @ForAll @IntRange(min = 1, max = 120) int days) throws IOException {
        Path temp = Files.createTempDirectory("events");
        try (EventStore store = EventStore.open(temp.resolve("events.db"))) {
            for (Event event : log) {
                event.writeTo(store);
            }
            Snapshot before = Snapshot.of(store);

            store.prune(EventRetention.days(days), NOW);

            assertThat(Snapshot.of(store)).isEqualTo(before);
        } finally {
            try (Stream<Path> files = Files.walk(temp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<List<Event>> logs() {
        Arbitrary<Instant> times = Arbitraries.longs().between(0, Duration.ofDays(150).toSeconds())
                .map(seconds -> NOW.minusSeconds(seconds));
        Arbitrary<Event> state = Combinators.combine(times, Arbitraries.of("ps-1", "ps-2"),
                Arbitraries.of(MachineState.OFF, MachineState.STARTING, MachineState.READY, MachineState.STOPPING))
                .as((at, machine, s) -> new Event(at, machine, s, null, null));
        Arbitrary<Event> action = Combinators.combine(times, Arbitraries.of("scale_up", "scale_down", "failover"),
                Arbitraries.of("ok", "failed", "unfinished"))
                .as((at, kind, result) -> new Event(at, "ps-2", null, kind, result));
        return Arbitraries.oneOf(state, action).list().ofMaxSize(40)
                .map(events -> events.stream().sorted(Comparator.comparing(Event::at)).toList());
    }

    record Event(Instant at, String machine, MachineState state, String kind, String result) {
        void writeTo(EventStore store) {
            if (state != null) {
                store.recordState(at, machine, state);
            } else if (result.equals("unfinished")) {
                store.actionStarted(at, ActionKind.fromWord(kind), machine);
            } else {
                ended(store, at, kind, result);
            }
        }
    }

    record Snapshot(List<InstanceInterval> previousMonth, List<InstanceInterval> thisMonth, List<String> lastStates,
            List<Long> unfinished, String lastScaling) {
        static Snapshot of(EventStore store) {
            YearMonth month = YearMonth.from(NOW.atOffset(ZoneOffset.UTC));
            return new Snapshot(monthIntervals(store, month.minusMonths(1)), monthIntervals(store, month),
                    Stream.of("ps-1", "ps-2").map(id -> String.valueOf(store.lastState(id))).toList(),
                    store.unfinishedActions().stream().map(ActionRecord::id).toList(),
                    String.valueOf(store.lastSuccessfulScalingAction()));
        }
    }

    private static List<InstanceInterval> monthIntervals(EventStore store, YearMonth month) {
        Instant end = MonthCost.end(month).isAfter(NOW) ? NOW : MonthCost.end(month);
        return store.instanceIntervals(MonthCost.start(month), end);
    }

    private static void ended(EventStore store, Instant at, String kind, String result) {
        store.actionEnded(store.actionStarted(at, ActionKind.fromWord(kind), "ps-2"), at.plusSeconds(30), ActionResult.fromWord(result), null);
    }
}
