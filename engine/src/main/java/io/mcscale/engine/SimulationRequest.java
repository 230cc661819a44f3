package io.mcscale.engine;

/**
 * One simulation to run. The same model, paths, seed and antithetic flag give bit-identical
 * results whatever {@code threads} is. A path count the model cannot take (the portfolio keeps
 * every loss, so at most 20 M paths) is rejected here, before anything runs.
 */
public record SimulationRequest(SimulationModel model, long paths, long seed, int threads, boolean antithetic) {
    public SimulationRequest {
        if (model == null) {
            throw new InvalidParameterException("model", "is required");
        }
        if (paths < 1) {
            throw new InvalidParameterException("paths", "must be at least 1, got " + paths);
        }
        model.checkPaths(paths); // e.g. portfolio keeps every loss: at most 20 M paths
        if (threads < 1) {
            throw new InvalidParameterException("threads", "must be at least 1, got " + threads);
        }
    }
}
