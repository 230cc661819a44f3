package io.mcscale.core.policy;

import java.util.Locale;

/**
 * The primary is always on and never scaled down; the secondaries come and go. A base secondary (one of the first
 * {@code MIN_INSTANCES - 1}) is kept on like the primary and never scaled down, but it is not the primary: its
 * health does not trigger failover.
 */
public enum MachineRole {
    PRIMARY, SECONDARY, BASE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
