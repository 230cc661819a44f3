package io.mcscale.engine;

import java.util.Map;

/**
 * A validated model with its parameters, ready to simulate. Implementations are immutable and
 * safe to share between threads; each path draws only from the random stream it is given.
 */
public interface SimulationModel {
    /** The model's name as users type it, e.g. {@code european}. */
    String name();

    /** The validated parameters, in the units users gave them. */
    Map<String, Object> parameters();
}
