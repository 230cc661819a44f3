package io.mcscale.core.model;

import java.util.Locale;

/** A machine's power state, in Paperspace v1's words; the local provider maps its processes onto the same words. */
public enum MachineState {
    OFF, STARTING, STOPPING, RESTARTING, SERVICEREADY, READY, UPGRADING, PROVISIONING;

    /** The state word as the API and our CLI print it, e.g. {@code serviceready}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MachineState fromWord(String word) {
        for (MachineState state : values()) {
            if (state.word().equals(word)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown machine state '" + word + "'");
    }

    /** True while the machine runs and is billed at its hourly rate. */
    public boolean isBilledHourly() {
        return this != OFF;
    }
}
