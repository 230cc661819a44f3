package io.mcscale.scaler.control;

import io.mcscale.core.model.Backend;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.model.MetricSample;
import java.time.Instant;
import java.util.Optional;

/** The control loop's record of one machine. Only the controller's thread touches it. */
final class ManagedMachine {
    final InstanceSpec spec;
    final boolean primary;
    MachineState providerState = MachineState.OFF;
    /** USD per billed hour as the provider reports it; 0 until described (then INSTANCE_HOURLY_RATE_USD applies). */
    double hourlyRateUsd;
    Optional<Backend> backend;
    Phase phase = Phase.OFF;
    Instant phaseSince = Instant.EPOCH;
    /** The event-store id of the action under way on this machine, or -1. */
    long actionId = -1;
    String actionKind = "";
    boolean drainRequested;
    int failedAttempts;
    Instant retryNotBefore = Instant.EPOCH;
    int healthFailures;
    int metricsFailures;
    Optional<MetricSample> lastSample = Optional.empty();
    String lastHealth = "unknown";
    String lastFailure;

    ManagedMachine(InstanceSpec spec, boolean primary) {
        this.spec = spec;
        this.primary = primary;
        this.backend = spec.backend();
    }

    String id() {
        return spec.machineId();
    }

    String role() {
        return primary ? "primary" : "secondary";
    }

    void enter(Phase next, Instant now) {
        phase = next;
        phaseSince = now;
    }
}
