package io.mcscale.engine;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The engine's side of a model: simulates a chunk of paths from the random stream it is handed
 * and turns the merged sums into an estimate. Instances are immutable (any precomputed arrays are
 * never written after construction), so one model serves every thread of every run.
 */
abstract class PathModel implements SimulationModel {
    private final String name;
    private final Map<String, Object> parameters;

    PathModel(String name, Parameters parameters) {
        this.name = name;
        this.parameters = parameters.finish();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Map<String, Object> parameters() {
        return parameters;
    }

    /** Random draws per path (time steps × assets); sizes chunks so each takes a few milliseconds. */
    abstract int drawsPerPath();

    /** Whether the run must keep every path's value (for quantiles); {@link ChunkSums#kept} then holds them. */
    boolean keepsPathValues() {
        return false;
    }

    @Override
    public final long stepsPerPath() {
        return Math.max(1, drawsPerPath());
    }

    @Override
    public void checkPaths(long paths) {
    }

    /** Simulates {@code count} paths drawing only from {@code random}, adding into {@code sums}. */
    abstract void simulate(UniformRandomProvider random, int count, boolean antithetic, ChunkSums sums);

    /** The estimate from the sums of all chunks. */
    abstract Estimate estimate(ChunkSums total);

    @Override
    public String toString() {
        return name + parameters;
    }
}
