package io.mcscale.core.policy;

import io.mcscale.core.model.MachinePhase;
import java.time.Instant;

/**
 * What {@link GroupPolicy} needs to know about one machine of the group.
 *
 * @param healthFailures  failed health checks in a row; the primary's trigger failover
 * @param retryNotBefore  after a failed start, the policy does not start this machine again before this
 *                        time (failover ignores it); {@link Instant#MIN} when nothing failed
 */
public record MachineView(String machineId, MachineRole role, MachinePhase phase, int healthFailures,
        Instant retryNotBefore) {

    public MachineView {
        if (machineId == null || role == null || phase == null || retryNotBefore == null) {
            throw new IllegalArgumentException("a machine view needs an id, a role, a phase and a retry time");
        }
        if (healthFailures < 0) {
            throw new IllegalArgumentException("health failures must be >= 0, got " + healthFailures);
        }
    }

    /** A healthy machine with no failed start, as a simulation builds it. */
    public static MachineView of(String machineId, MachineRole role, MachinePhase phase) {
        return new MachineView(machineId, role, phase, 0, Instant.MIN);
    }

    public boolean isPrimary() {
        return role == MachineRole.PRIMARY;
    }

    /** A secondary the policy starts and stops; base secondaries are kept on instead. */
    public boolean isScalable() {
        return role == MachineRole.SECONDARY;
    }

    /** Off, and not held back by a retry backoff at {@code now}. */
    boolean canStartAt(Instant now) {
        return phase == MachinePhase.OFF && !now.isBefore(retryNotBefore);
    }
}
