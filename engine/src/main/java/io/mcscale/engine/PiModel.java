package io.mcscale.engine;

import java.util.Map;

/** Estimates pi from the fraction of uniform points in the unit quarter circle: a smoke test for the platform. */
final class PiModel implements SimulationModel {
    @Override
    public String name() {
        return "pi";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of();
    }
}
