package io.mcscale.core.model;

import java.util.Locale;

/**
 * Where the scaler has a machine in its life, on top of the power state the provider reports:
 * {@code OFF → STARTING → SERVING → DRAINING → STOPPING → OFF}. Only a serving machine is in the
 * balancer and in the metrics; a draining one is on its way out and no longer counts in n.
 */
public enum MachinePhase {
    OFF, STARTING, SERVING, DRAINING, STOPPING;

    /** The phase as the status API and the logs print it, e.g. {@code serving}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the machines the limits count: serving, or on their way to serving. */
    public boolean isActive() {
        return this == SERVING || this == STARTING;
    }
}
