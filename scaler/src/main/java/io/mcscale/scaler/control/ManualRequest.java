package io.mcscale.scaler.control;

import java.util.concurrent.CompletableFuture;

/**
 * An operator's request through the admin API ({@code mcscale scale up|down [--force]},
 * {@code mcscale failover}). The control loop handles it on its next tick and completes
 * {@link #outcome} with a sentence saying what it did or why it refused.
 */
public record ManualRequest(Kind kind, boolean force, CompletableFuture<Outcome> outcome) {
    public enum Kind { SCALE_UP, SCALE_DOWN, FAILOVER }

    public record Outcome(boolean accepted, String message) {
    }

    public static ManualRequest of(Kind kind, boolean force) {
        return new ManualRequest(kind, force, new CompletableFuture<>());
    }
}
