package io.mcscale.core.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * What the policy remembers between evaluations.
 *
 * @param lowSince   T0: since when every down-condition has held at every evaluation; empty when the last one broke
 * @param lastAction when the group last scaled (by the policy, by hand, or by failover); empty if never
 * @param failover   true from failover until the primary serves healthy again; meanwhile the policy waits
 */
public record PolicyState(Optional<Instant> lowSince, Optional<Instant> lastAction, boolean failover) {
    public static final PolicyState INITIAL = new PolicyState(Optional.empty(), Optional.empty(), false);

    public PolicyState(Optional<Instant> lowSince, Optional<Instant> lastAction) {
        this(lowSince, lastAction, false);
    }

    /** The state after any scaling action at {@code at}: the cooldown starts and the low-load clock restarts. */
    public static PolicyState afterAction(Instant at) {
        return INITIAL.actedAt(at);
    }

    /** This state after a scaling action at {@code at}; failover mode is kept. */
    public PolicyState actedAt(Instant at) {
        return new PolicyState(Optional.empty(), Optional.of(at), failover);
    }

    public PolicyState withLowSince(Optional<Instant> since) {
        return new PolicyState(since, lastAction, failover);
    }

    public PolicyState withFailover(boolean active) {
        return new PolicyState(lowSince, lastAction, active);
    }
}
