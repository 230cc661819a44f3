package io.mcscale.core.policy;

import java.util.Locale;

/** The primary is always on and never scaled down; the secondaries come and go. */
public enum MachineRole {
    PRIMARY, SECONDARY;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
