package io.mcscale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every model against its closed form, within 4 standard errors (path counts kept small so this runs in about a second). */
class ModelAccuracyTest {
    private static final Map<String, Object> ATM = Map.of(
            "spot", 100, "strike", 100, "rate", 0.05, "volatility", 0.2, "maturity", 1, "dividend_yield", 0.02);

    @ParameterizedTest
    @CsvSource({"call, false", "put, false", "call, true", "put, true"})
    void europeanMatchesBlackScholes(String type, boolean antithetic) {
        SimulationResult result = simulate("european", with(ATM, "option_type", type), 400_000, antithetic);

        double exact = ClosedForms.blackScholes(type.equals("call") ? 1 : -1, 100, 100, 0.05, 0.02, 0.2, 1);
        assertThat(result.extras().get("black_scholes")).isEqualTo(exact);
        assertWithinFourStdErrors(result.estimate(), result.stdError(), exact);
    }

    @Test
    void blackScholesClosedFormMatchesTextbookValue() {
        // Hull: S=42, K=40, r=10%, sigma=20%, T=0.5 gives call 4.76, put 0.81.
        assertThat(ClosedForms.blackScholes(1, 42, 40, 0.1, 0, 0.2, 0.5)).isCloseTo(4.7594, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(ClosedForms.blackScholes(-1, 42, 40, 0.1, 0, 0.2, 0.5)).isCloseTo(0.8086, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void europeanCallMinusPutMatchesPutCallParity() {
        SimulationResult call = simulate("european", with(ATM, "option_type", "call"), 400_000, false);
        SimulationResult put = simulate("european", with(ATM, "option_type", "put"), 400_000, false);

        double parity = 100 * Math.exp(-0.02) - 100 * Math.exp(-0.05);
        // Same seed: call and put share their normals, so their errors are correlated; bound by the sum.
        assertWithinFourStdErrors(call.estimate() - put.estimate(), call.stdError() + put.stdError(), parity);
    }

    @ParameterizedTest
    @CsvSource({"call", "put"})
    void simulatedGeometricAsianMatchesKemnaVorst(String type) {
        SimulationResult result = simulate("asian", with(with(ATM, "option_type", type), "fixings", 52), 30_000, true);

        double exact = ClosedForms.geometricAsian(type.equals("call") ? 1 : -1, 100, 100, 0.05, 0.02, 0.2, 1, 52);
        assertThat(result.extras().get("geometric_exact")).isEqualTo(exact);
        assertWithinFourStdErrors(result.extras().get("geometric_estimate"), result.extras().get("geometric_std_error"), exact);
    }

    @Test
    void asianControlVariateAgreesWithPlainEstimateAndShrinksTheError() {
        SimulationResult result = simulate("asian", with(ATM, "fixings", 52), 30_000, false);

        double plain = result.extras().get("plain_estimate");
        double plainError = result.extras().get("plain_std_error");
        assertWithinFourStdErrors(result.estimate(), plainError, plain);
        assertThat(result.stdError()).isLessThan(plainError / 5);
        // The arithmetic average is at least the geometric one, so the call is worth more.
        assertThat(result.estimate()).isGreaterThan(result.extras().get("geometric_exact"));
    }

    // BGK is an approximation: at 50 fixings it is off by about 1-2% of the price (measured with 1 M
    // antithetic paths: up-and-out call 3.820 vs 3.860, down-and-out put 0.865 vs 0.881; at 400
    // fixings both agree within 2 standard errors). 60 k paths keep the standard error above that bias.
    @ParameterizedTest
    @CsvSource({"call, up_and_out, 130", "put, up_and_out, 115", "call, down_and_out, 85", "put, down_and_out, 85"})
    void barrierMatchesReinerRubinsteinWithBroadieGlassermanKouShift(String type, String barrierType, double barrier) {
        Map<String, Object> parameters = with(with(with(with(ATM, "option_type", type), "barrier_type", barrierType),
                "barrier", barrier), "fixings", 50);
        SimulationResult result = simulate("barrier", parameters, 60_000, false);

        boolean up = barrierType.startsWith("up");
        double shifted = ClosedForms.discreteBarrierShift(up, barrier, 0.2, 1, 50);
        double exact = ClosedForms.knockOut(type.equals("call") ? 1 : -1, up, 100, 100, shifted, 0.05, 0.02, 0.2, 1);
        assertThat(result.extras().get("continuous_bgk")).isEqualTo(exact);
        assertWithinFourStdErrors(result.estimate(), result.stdError(), exact);
    }

    @Test
    void knockOutWithFarBarrierIsTheVanillaOption() {
        double vanilla = ClosedForms.blackScholes(1, 100, 100, 0.05, 0.02, 0.2, 1);
        assertThat(ClosedForms.knockOut(1, true, 100, 100, 1e6, 0.05, 0.02, 0.2, 1)).isCloseTo(vanilla, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ClosedForms.knockOut(1, false, 100, 100, 1e-6, 0.05, 0.02, 0.2, 1)).isCloseTo(vanilla, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void oneAssetValueAtRiskMatchesTheNormalQuantileOfLogReturns() {
        Map<String, Object> parameters = Map.of("weights", List.of(1_000_000), "volatilities", List.of(0.25),
                "drifts", List.of(0.05), "horizon_days", 10, "confidence", 0.99);
        SimulationResult result = simulate("portfolio", parameters, 400_000, false);

        double h = 10 / 252.0;
        double mean = (0.05 - 0.25 * 0.25 / 2) * h;
        double sd = 0.25 * Math.sqrt(h);
        double z = Normal.inverseCdf(0.01);
        double exactVar = 1_000_000 * (1 - Math.exp(mean + sd * z));
        // Lognormal tail: E[R | ln R <= mean + sd z] = exp(mean + sd²/2) Φ(z − sd) / 0.01.
        double exactShortfall = 1_000_000 * (1 - Math.exp(mean + sd * sd / 2) * Normal.cdf(z - sd) / 0.01);
        assertWithinFourStdErrors(result.estimate(), result.stdError(), exactVar);
        assertThat(result.extras().get("var")).isEqualTo(result.estimate());
        assertThat(result.ci95Low()).isLessThan(exactVar);
        assertWithinFourStdErrors(result.extras().get("expected_shortfall"),
                result.extras().get("expected_shortfall_std_error"), exactShortfall);
    }

    @Test
    void perfectlyHedgedPortfolioHasNoRisk() {
        Map<String, Object> parameters = Map.of("weights", List.of(1000, -1000), "volatilities", List.of(0.3, 0.3),
                "correlation", List.of(List.of(1, 0.5), List.of(0.5, 1)), "horizon_days", 1, "confidence", 0.95);
        SimulationResult result = simulate("portfolio", Map.of("weights", "1000,1000", "volatilities", "0.3,0.3",
                "correlation", "1,0.5;0.5,1", "horizon_days", 1, "confidence", 0.95), 100_000, true);
        SimulationResult hedged = simulate("portfolio", parameters, 100_000, true);

        assertThat(result.estimate()).isPositive();
        // Diversified: less than the sum of stand-alone VaRs (1000 each at 1.645·0.3/sqrt(252) ≈ 31).
        assertThat(result.estimate()).isLessThan(2 * 1000 * 1.645 * 0.3 / Math.sqrt(252));
        assertThat(hedged.estimate()).isLessThan(result.estimate());
    }

    @Test
    void piIsPi() {
        SimulationResult result = simulate("pi", Map.of(), 1_000_000, true);

        assertWithinFourStdErrors(result.estimate(), result.stdError(), Math.PI);
    }

    @Test
    void normalQuantileInvertsTheDistribution() {
        for (double p : new double[] {1e-10, 0.001, 0.01, 0.3, 0.5, 0.975, 0.999999}) {
            assertThat(Normal.cdf(Normal.inverseCdf(p))).isCloseTo(p, org.assertj.core.data.Offset.offset(p * 1e-9));
        }
        assertThat(Normal.inverseCdf(0.975)).isCloseTo(1.959963984540054, org.assertj.core.data.Offset.offset(1e-12));
    }

    static SimulationResult simulate(String model, Map<String, Object> parameters, long paths, boolean antithetic) {
        return Simulator.run(new SimulationRequest(Models.create(model, parameters), paths, 42, 2, antithetic),
                ProgressListener.NONE, new CancellationToken());
    }

    static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static void assertWithinFourStdErrors(double estimate, double stdError, double exact) {
        assertThat(stdError).isPositive();
        assertThat(Math.abs(estimate - exact))
                .as("estimate %s vs exact %s (std error %s)", estimate, exact, stdError)
                .isLessThanOrEqualTo(4 * stdError);
    }
}
