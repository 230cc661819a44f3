package io.mcscale.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ModelsTest {
    private static final Map<String, Object> EUROPEAN = Map.of("spot", 100, "strike", 100, "rate", 0.05, "volatility", 0.2, "maturity", 1);

    record BadInput(String model, Map<String, Object> parameters, String parameter, String messagePart) {
    }

    static List<BadInput> badInputs() {
        return List.of(
                new BadInput("european", with(EUROPEAN, "volatility", -0.2), "volatility", "(0, 5]"),
                new BadInput("european", with(EUROPEAN, "volatility", "abc"), "volatility", "'abc'"),
                new BadInput("european", with(EUROPEAN, "maturity", null), "maturity", "is required"),
                new BadInput("european", with(EUROPEAN, "option_type", "straddle"), "option_type", "call|put"),
                new BadInput("european", with(EUROPEAN, "volatilty", 0.2), "volatilty", "it takes"),
                new BadInput("asian", with(EUROPEAN, "fixings", 2.5), "fixings", "whole number from 1 to 100000"),
                new BadInput("asian", with(EUROPEAN, "control_variate", "maybe"), "control_variate", "true or false"),
                new BadInput("barrier", with(with(EUROPEAN, "barrier", 90), "barrier_type", "up_and_out"), "barrier", "above spot"),
                new BadInput("barrier", with(EUROPEAN, "barrier", 90), "barrier_type", "up_and_out|down_and_out"),
                new BadInput("portfolio", Map.of("weights", List.of(1, 1), "volatilities", List.of(0.2), "horizon_days", 1,
                        "confidence", 0.99, "correlation", List.of(List.of(1, 0), List.of(0, 1))), "volatilities", "one entry per weight"),
                new BadInput("portfolio", Map.of("weights", List.of(1, 1, 1), "volatilities", List.of(0.2, 0.2, 0.2),
                        "horizon_days", 1, "confidence", 0.99,
                        "correlation", "1,0.9,-0.9;0.9,1,0.9;-0.9,0.9,1"), "correlation", "not positive definite"),
                new BadInput("portfolio", Map.of("weights", List.of(1, 1), "volatilities", List.of(0.2, 0.2), "horizon_days", 1,
                        "confidence", 0.99, "correlation", List.of(List.of(1, 0.5), List.of(0.4, 1))), "correlation", "symmetric"),
                new BadInput("portfolio", Map.of("weights", List.of(1, 1), "volatilities", List.of(0.2, 0.2), "horizon_days", 1,
                        "confidence", 0.99), "correlation", "is required"),
                new BadInput("portfolio", Map.of("weights", List.of(1), "volatilities", List.of(0.2), "horizon_days", 1,
                        "confidence", 1), "confidence", "[0.5, 1)"),
                new BadInput("pi", Map.of("spot", 1), "spot", "not a parameter of model pi"),
                new BadInput("heston", Map.of(), "model", "european"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badParameterIsRejectedNamingItAndTheAllowedValues(BadInput input) {
        assertThatThrownBy(() -> Models.create(input.model(), input.parameters()))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo(input.parameter()))
                .hasMessageStartingWith(input.parameter() + ": ")
                .hasMessageContaining(input.messagePart());
    }

    @Test
    void jsonNumbersOfAnyTypeAndCommandLineStringsGiveTheSameModel() {
        SimulationModel fromJson = Models.create("european", Map.of("spot", 100, "strike", 95L, "rate", 0.05,
                "volatility", 0.2, "maturity", 1, "option_type", "PUT"));
        SimulationModel fromCommandLine = Models.create("european", Map.of("spot", "100", "strike", "95", "rate", "0.05",
                "volatility", "0.2", "maturity", "1", "option_type", "put"));

        assertThat(fromJson.parameters()).isEqualTo(fromCommandLine.parameters());
        assertThat(fromJson.parameters()).containsEntry("dividend_yield", 0.0).containsEntry("option_type", "put");
    }

    @Test
    void everyNamedModelCanBeCreated() {
        assertThat(Models.names()).containsExactly("european", "asian", "barrier", "portfolio", "pi");
        assertThat(Models.create("barrier", with(with(EUROPEAN, "barrier", "120"), "barrier_type", "up-and-out")).parameters())
                .containsEntry("barrier_type", "up_and_out").containsEntry("fixings", 252);
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }
}
