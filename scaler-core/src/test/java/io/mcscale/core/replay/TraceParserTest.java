package io.mcscale.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.UserTier;
import io.mcscale.testkit.Traces;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceParserTest {
    private static final String HEADER = TraceParser.HEADER + "\n";

    @Test
    void shouldReadRowsAndTreatABlankGpuAsNotReported() {
        List<TraceRow> rows = parse(HEADER + "0,3,12.5,,0,250\n30,7,71,81.5,6,3100\n\n");

        assertThat(rows).containsExactly(
                new TraceRow(0, 3, 12.5, OptionalDouble.empty(), 0, 250),
                new TraceRow(30, 7, 71, OptionalDouble.of(81.5), 6, 3100));
    }

    @Test
    void shouldNameTheLineOfTheShippedBadRow() {
        assertThatThrownBy(() -> TraceParser.parse(Traces.open("bad-row.csv"), "bad-row.csv"))
                .isInstanceOfSatisfying(TraceFormatException.class, e -> assertThat(e.line()).isEqualTo(4))
                .hasMessage("bad-row.csv line 4: cpu_usage 'abc' is not a number");
    }

    @Test
    void shouldReadTheOptionalTierColumnsAndTakeAllBlankAsNoTierData() {
        List<TraceRow> rows = parse(TraceParser.HEADER + "," + TraceParser.TIER_COLUMNS + "\n"
                + "0,3,12.5,,0,250,,,,,,,,,,,,\n30,3,12.5,,0,250,2,1,0.5,1.5,0,0,0,0,1,0,3,3\n");

        assertThat(rows.get(0).tiers()).isEmpty();
        assertThat(rows.get(1).tiers()).contains(Map.of(UserTier.FREE, new TierLoad(2, 1, 0.5, 1.5),
                UserTier.PRO, TierLoad.IDLE, UserTier.ENTERPRISE, new TierLoad(1, 0, 3, 3)));
    }

    @Test
    void shouldRejectPartlyBlankTierCellsNamingTheColumn() {
        String csv = TraceParser.HEADER + "," + TraceParser.TIER_COLUMNS + "\n0,3,12.5,,0,250,2,1,0.5,1.5,0,0,0,0,1,0,,3\n";

        assertThatThrownBy(() -> parse(csv)).isInstanceOf(TraceFormatException.class)
                .hasMessage("t.csv line 2: enterprise_avg_wait_seconds '' is not a number");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a wrong header                | time,users\\n0,1,1,1,0,1                | t.csv line 1: the header must be exactly " + TraceParser.HEADER,
        "an empty file                 | ''                                     | t.csv line 1: the header must be exactly",
        "time going back               | HEADER0,1,1,1,0,1\\n30,1,1,1,0,1\\n20,1,1,1,0,1 | t.csv line 4: time_s 20 does not increase (the previous row is at 30)",
        "a repeated time               | HEADER0,1,1,1,0,1\\n0,1,1,1,0,1       | t.csv line 3: time_s 0 does not increase",
        "a missing column              | HEADER0,1,1,1,0                      | t.csv line 2: expected 6 columns",
        "fractional users              | HEADER0,1.5,1,1,0,1                  | t.csv line 2: active_users '1.5' is not a whole number >= 0",
        "a blank cpu                   | HEADER0,1,,1,0,1                     | t.csv line 2: cpu_usage '' is not a number",
        "cpu over 100                  | HEADER0,1,101,1,0,1                  | t.csv line 2: cpu_usage 101 is out of range 0-100",
        "a negative queue              | HEADER0,1,1,1,-1,1                   | t.csv line 2: simulation_queue_length '-1' is not a whole number >= 0",
        "a negative response           | HEADER0,1,1,1,0,-5                   | t.csv line 2: avg_response_time -5 is out of range 0 or more",
    })
    void shouldRejectABadTraceNamingTheLine(String why, String text, String message) {
        String csv = text.replace("HEADER", HEADER).replace("\\n", "\n");

        assertThatThrownBy(() -> parse(csv)).isInstanceOf(TraceFormatException.class).hasMessageStartingWith(message);
    }

    private static List<TraceRow> parse(String csv) {
        return TraceParser.parse(new BufferedReader(new StringReader(csv)), "t.csv");
    }
}
