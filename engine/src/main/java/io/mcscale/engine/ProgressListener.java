package io.mcscale.engine;

/** Told the fraction of paths done, from 0 to 1, as chunks complete. Called from worker threads. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = fraction -> { };

    void onProgress(double fractionDone);
}
