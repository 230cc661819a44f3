package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

class SeasonalProfileTest {
    private static final int DAY = 86_400;

    /**
     * @param peaksByDay the peak users seen at 09:00 on each earlier day (index = day)
     * @param day        the day whose 09:00 is forecast
     * @param expected   the forecast users; -1 = no history
     */
    record Case(String why, int[] peaksByDay, int day, int expected) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no history on the first day", new int[] {}, 0, -1),
                new Case("one earlier day: its peak", new int[] {12}, 1, 12),
                new Case("the 90th percentile of the earlier days, not the mean", new int[] {1, 1, 1, 1, 1, 10}, 6, 10),
                new Case("before a week of history, a Saturday learns from the weekdays", new int[] {14, 13, 12, 11, 10}, 5, 14),
                new Case("after a week, the same weekday of earlier weeks",
                        new int[] {14, 13, 12, 11, 10, 0, 0, 14, 13, 12, 11, 10, 0}, 13, 0),
                new Case("a Monday after a week learns from Mondays, not from the weekend",
                        new int[] {14, 13, 12, 11, 10, 0, 0}, 7, 14));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldForecastTheSlotFromTheSameTimeOnEarlierDays(Case c) {
        SeasonalProfile profile = new SeasonalProfile();
        for (int day = 0; day < c.peaksByDay().length; day++) {
            profile.observe(day * DAY + 9 * 3600 + 30, c.peaksByDay()[day], 0);
            profile.observe(day * DAY + 9 * 3600 + 60, 0, 0);
        }
        profile.observe(c.day() * DAY + 8 * 3600, 0, 0);

        assertThat(profile.users(SeasonalProfile.slotOf(c.day() * DAY + 9 * 3600))).isEqualTo(c.expected());
    }

    @ParameterizedTest(name = "slot {0} starts at {1}")
    @org.junit.jupiter.params.provider.CsvSource({"0, 00:00", "36, 09:00", "37, 09:15", "95, 23:45", "132, 09:00"})
    void shouldNameTheSlotByItsTimeOfDay(int slot, String time) {
        assertThat(SeasonalProfile.timeOfDay(slot)).isEqualTo(time);
    }
}
