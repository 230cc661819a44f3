package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SimulateCommandIT {
    private static final String[] EUROPEAN = {"simulate", "european", "--spot", "100", "--strike", "100", "--rate", "0.05",
        "--volatility", "0.2", "--maturity", "1", "--paths", "200000", "--seed", "42"};

    @Test
    void shouldPrintTheEstimateAndBlackScholesForTheReadmeExample() throws Exception {
        var result = BinMcscale.run(EUROPEAN);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("european: 200,000 paths, seed 42", "estimate", "95% confidence interval",
                "black_scholes                10.450584");
    }

    @Test
    void shouldPrintOneJsonObjectThatIsTheSameOnOneAndOnThreeThreads() throws Exception {
        JsonNode one = json(BinMcscale.run(concat(EUROPEAN, "--json", "--threads", "1", "--dividend-yield", "0.01")).stdout());
        JsonNode three = json(BinMcscale.run(concat(EUROPEAN, "--json", "--threads", "3", "--dividend_yield=0.01")).stdout());

        assertThat(one.get("model").asText()).isEqualTo("european");
        assertThat(one.get("paths").asLong()).isEqualTo(200_000);
        assertThat(one.get("seed").asLong()).isEqualTo(42);
        assertThat(one.has("elapsed_ms")).isTrue();
        assertThat(Math.abs(one.get("estimate").asDouble() - one.get("black_scholes").asDouble()))
                .isLessThan(4 * one.get("std_error").asDouble());
        assertThat(three.get("estimate").asDouble()).isEqualTo(one.get("estimate").asDouble());
        assertThat(three.get("ci95_low").asDouble()).isEqualTo(one.get("ci95_low").asDouble());
    }

    @Test
    void shouldGivePortfolioVarAndExpectedShortfallWithNegativeDrifts() throws Exception {
        var result = BinMcscale.run("simulate", "portfolio", "--weights", "600000,400000", "--volatilities", "0.2,0.3",
                "--drifts", "-0.05,0.02", "--correlation", "1,0.4;0.4,1", "--horizon-days", "10", "--confidence", "0.99",
                "--paths", "100000", "--seed", "1", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode json = json(result.stdout());
        assertThat(json.get("var").asDouble()).isEqualTo(json.get("estimate").asDouble()).isPositive();
        assertThat(json.get("expected_shortfall").asDouble()).isGreaterThan(json.get("var").asDouble());
    }

    @Test
    void shouldRejectABadParameterNamingItsOptionAndRangeWithExitCode2() throws Exception {
        var result = BinMcscale.run(concat(EUROPEAN, "--volatility", "-0.2"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--volatility: must be in (0, 5], got -0.2").doesNotContain("Exception");
    }

    @Test
    void shouldRejectUnknownParametersAndModelsWithExitCode2() throws Exception {
        var typo = BinMcscale.run(concat(EUROPEAN, "--volatilty", "0.2"));
        var model = BinMcscale.run("simulate", "heston", "--paths", "10", "--seed", "1");
        var missing = BinMcscale.run("simulate", "european", "--spot", "100", "--paths", "10", "--seed", "1");

        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr()).contains("--volatilty: is not a parameter of model european");
        assertThat(model.exitCode()).isEqualTo(2);
        assertThat(model.stderr()).contains("MODEL: unknown model 'heston'; choose one of [european, asian, barrier, portfolio, pi]");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--strike: is required");
    }

    @Test
    void benchShouldPrintPathsPerSecondForAModel() throws Exception {
        var result = BinMcscale.run("bench", "--model", "pi", "--seconds", "0.2");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("paths/s 1 thread", "pi ");
    }

    @Test
    void aRunLongerThanASecondWithStderrInAFileWritesNoProgressBarAndCleanJson() throws Exception {
        // bin/mcscale's stdout and stderr both go to files here, as in a cron job or a pipeline.
        var result = BinMcscale.run("simulate", "asian", "--spot", "100", "--strike", "100", "--rate", "0.05",
                "--volatility", "0.2", "--maturity", "1", "--paths", "1000000", "--seed", "1", "--threads", "1", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode summary = json(result.stdout());
        assertThat(summary.get("elapsed_ms").asLong()).as("long enough for a bar to be drawn on a terminal").isGreaterThan(1200);
        assertThat(result.stdout().strip()).doesNotContain("\n", "\r");
        assertThat(result.stderr()).doesNotContain("\r", "[#", "%");
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
