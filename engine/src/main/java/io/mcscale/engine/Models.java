package io.mcscale.engine;

import java.util.List;
import java.util.Map;

/**
 * The catalogue of models: turns a name and raw parameters (numbers, lists of numbers, matrices
 * as lists of lists, as JSON gives them) into a validated {@link SimulationModel}.
 */
public final class Models {
    private Models() {
    }

    /** The model names users may ask for. */
    public static List<String> names() {
        return List.of("pi");
    }

    /**
     * @throws InvalidParameterException naming the parameter (or {@code model} for an unknown name)
     */
    public static SimulationModel create(String name, Map<String, Object> parameters) {
        if ("pi".equals(name)) {
            return new PiModel();
        }
        throw new InvalidParameterException("model", "unknown model '" + name + "'; choose one of " + names());
    }
}
