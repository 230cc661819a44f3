package io.mcscale.engine;

/**
 * Runs simulations. Placeholder until the engine lands: it answers the pi model on one thread
 * and refuses the rest.
 */
public final class Simulator {
    private Simulator() {
    }

    public static SimulationResult run(SimulationRequest request, ProgressListener progress, CancellationToken cancel) {
        long started = System.nanoTime();
        if (!(request.model() instanceof PiModel)) {
            throw new UnsupportedOperationException("not yet: model " + request.model().name());
        }
        var random = new java.util.SplittableRandom(request.seed());
        long inside = 0;
        for (long i = 0; i < request.paths(); i++) {
            if ((i & 0xFFFF) == 0 && cancel.isCancelled()) {
                throw new SimulationCancelledException();
            }
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y <= 1.0) {
                inside++;
            }
        }
        progress.onProgress(1.0);
        double p = (double) inside / request.paths();
        double estimate = 4 * p;
        double stdError = 4 * Math.sqrt(p * (1 - p) / request.paths());
        return new SimulationResult("pi", estimate, stdError, estimate - 1.96 * stdError, estimate + 1.96 * stdError,
                request.paths(), request.seed(), 1, (System.nanoTime() - started) / 1_000_000, java.util.Map.of());
    }
}
