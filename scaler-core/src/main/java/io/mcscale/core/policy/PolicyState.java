package io.mcscale.core.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * What the policy remembers between evaluations.
 *
 * @param lowSince   T0: since when every down-condition has held at every evaluation; empty when the last one broke
 * @param lastAction when the group last scaled (by the policy, by hand, or by failover); empty if never
 */
public record PolicyState(Optional<Instant> lowSince, Optional<Instant> lastAction) {
    public static final PolicyState INITIAL = new PolicyState(Optional.empty(), Optional.empty());

    /** The state after any scaling action at {@code at}: the cooldown starts and the low-load clock restarts. */
    public static PolicyState afterAction(Instant at) {
        return new PolicyState(Optional.empty(), Optional.of(at));
    }
}
