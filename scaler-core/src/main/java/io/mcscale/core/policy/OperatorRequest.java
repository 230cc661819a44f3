package io.mcscale.core.policy;

/**
 * What an operator asked for ({@code mcscale scale up|down [--force]}, {@code mcscale failover}).
 * {@code force} lets a scale up or down act within the cooldown.
 */
public record OperatorRequest(Kind kind, boolean force) {
    public enum Kind { SCALE_UP, SCALE_DOWN, FAILOVER }

    public static OperatorRequest of(Kind kind, boolean force) {
        return new OperatorRequest(kind, force);
    }

    /** The reason code the decision carries, e.g. {@code manual --force}. */
    String reason() {
        return kind == Kind.FAILOVER ? "manual failover" : force ? "manual --force" : "manual";
    }
}
