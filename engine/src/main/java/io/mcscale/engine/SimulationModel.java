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

    /** Random draws per path (time steps × assets): what one path costs, so that a run costs paths × this. */
    long stepsPerPath();

    /**
     * Rejects a path count this model cannot take (the portfolio keeps every loss: at most 20 M paths);
     * most models take any.
     *
     * @throws InvalidParameterException naming {@code paths}
     */
    void checkPaths(long paths);

    /** A run's work in random draws, paths × {@link #stepsPerPath()}, or {@code Long.MAX_VALUE} past that. */
    default long work(long paths) {
        long steps = stepsPerPath();
        return Math.multiplyHigh(paths, steps) != 0 || paths * steps < 0 ? Long.MAX_VALUE : paths * steps;
    }
}
