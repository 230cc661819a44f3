package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.core.model.UserTier;
import io.mcscale.core.replay.TraceFormatException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DemandParserTest {

    @Test
    void shouldReadRowsGivingEachUserOneIndexInOrderOfFirstAppearance() {
        Demand demand = parse("time_s,user_id,work_s\n0,alice,12.5\n0,bob,3\n\n40.5,alice,60\n");

        assertThat(demand.size()).isEqualTo(3);
        assertThat(demand.userIds()).containsExactly("alice", "bob");
        assertThat(demand.user(2)).isZero();
        assertThat(demand.submittedAt(2)).isEqualTo(40.5);
        assertThat(demand.work(0)).isEqualTo(12.5);
    }

    @Test
    void shouldReadTheOptionalTierColumn() {
        Demand demand = parse("time_s,user_id,work_s,tier\n0,alice,1,enterprise\n5,bob,2,free\n6,carol,2, Pro \n");

        assertThat(demand.size()).isEqualTo(3);
        assertThat(demand.hasTiers()).isTrue();
        assertThat(List.of(demand.tier(0), demand.tier(1), demand.tier(2)))
                .containsExactly(UserTier.ENTERPRISE, UserTier.FREE, UserTier.PRO);
    }

    @Test
    void shouldMakeEveryRowFreeWithoutATierColumn() {
        Demand demand = parse("time_s,user_id,work_s\n0,alice,1\n");

        assertThat(demand.hasTiers()).isFalse();
        assertThat(demand.tier(0)).isEqualTo(UserTier.FREE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a wrong header       | time,user,work\\n0,a,1         | d.csv line 1: the header must be time_s,user_id,work_s",
        "an empty file        | ''                              | d.csv line 1: the header must be",
        "time going back      | H0,a,1\\n30,a,1\\n20,b,1        | d.csv line 4: time_s 20 is before the previous row's 30: sort the rows by time_s",
        "a missing column     | H0,a                            | d.csv line 2: expected 3 columns (time_s,user_id,work_s), found 2",
        "a word for work      | H0,a,1\\n1,a,lots               | d.csv line 3: work_s 'lots' is not a number of seconds",
        "negative work        | H0,a,-4                         | d.csv line 2: work_s -4 is out of range: use 0 or more seconds",
        "negative time        | H-1,a,4                         | d.csv line 2: time_s -1 is out of range",
        "no user              | H0, ,4                          | d.csv line 2: user_id is empty",
        "infinite work        | H0,a,Infinity                   | d.csv line 2: work_s Infinity is out of range",
    })
    void shouldRejectABadRowNamingItsLine(String why, String text, String message) {
        String csv = text.replace("H", "time_s,user_id,work_s\n").replace("\\n", "\n");

        assertThatThrownBy(() -> parse(csv)).isInstanceOf(TraceFormatException.class).hasMessageStartingWith(message);
    }

    @Test
    void shouldRejectAnEmptyOrUnknownTierNamingTheLine() {
        assertThatThrownBy(() -> parse("time_s,user_id,work_s,tier\n0,a,1,pro\n1,a,1,\n"))
                .hasMessage("d.csv line 3: tier is empty: use free|pro|enterprise, or drop the column");
        assertThatThrownBy(() -> parse("time_s,user_id,work_s,tier\n0,a,1,pro\n1,a,1,gold\n"))
                .hasMessage("d.csv line 3: tier 'gold' is not a tier: use free|pro|enterprise");
    }

    static Demand parse(String csv) {
        return DemandParser.parse(new BufferedReader(new StringReader(csv)), "d.csv");
    }
}
