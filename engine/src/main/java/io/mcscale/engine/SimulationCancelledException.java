package io.mcscale.engine;

/** Thrown by {@link Simulator#run} when its {@link CancellationToken} was cancelled before the run finished. */
public final class SimulationCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationCancelledException() {
        super("simulation cancelled");
    }
}
