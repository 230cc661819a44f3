package io.mcscale.engine;

import java.util.Map;

/**
 * What a simulation found. {@code extras} holds the fields specific to a model
 * (e.g. {@code var} and {@code expected_shortfall} for portfolio risk), keyed by their JSON names.
 */
public record SimulationResult(
        String model,
        double estimate,
        double stdError,
        double ci95Low,
        double ci95High,
        long paths,
        long seed,
        int threads,
        long elapsedMs,
        Map<String, Double> extras) {
    public SimulationResult {
        extras = Map.copyOf(extras);
    }
}
