package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CostEstimateIT {
    @Test
    void shouldPrintTheGuidesTableWithItsSeventwentyHourMonth() throws Exception {
        var result = BinMcscale.run("cost", "estimate", "--rate", "0.51", "--low-hours", "500", "--peak-hours", "200",
                "--hours-per-month", "720");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("500h × $0.51", "$255.00", "200h × $1.02", "$204.00", "$459.00",
                "Always-on dual:   $734.40", "Single A100:      $1,656.00");
    }

    @Test
    void shouldPrintTheJsonKeysWithTheDefaultMonthOf720HoursThePlanAndDoctorUseToo() throws Exception {
        var result = BinMcscale.run("cost", "estimate", "--rate", "0.51", "--low-hours", "500", "--peak-hours", "200", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        var json = new ObjectMapper().readTree(result.stdout());
        assertThat(json.get("monthly_total_usd").decimalValue()).isEqualByComparingTo("459.00");
        assertThat(json.get("always_on_dual_usd").decimalValue()).isEqualByComparingTo("734.40");
        assertThat(json.get("single_a100_usd").decimalValue()).isEqualByComparingTo("1656.00");
        assertThat(json.get("savings_vs_dual_percent").decimalValue()).isEqualByComparingTo("37.50");
    }

    @Test
    void shouldRejectANegativeRateNamingTheOptionWithExitCode2() throws Exception {
        var result = BinMcscale.run("cost", "estimate", "--rate", "-1", "--low-hours", "500", "--peak-hours", "200");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--rate: -1 must be a number > 0").doesNotContain("Exception");
    }
}
