package io.mcscale.engine;

/** Set by whoever owns a simulation; the engine checks it between chunks and stops within a second. */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
