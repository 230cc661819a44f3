package io.mcscale.scaler.control;

import io.mcscale.core.model.Backend;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.model.MetricSample;
import io.mcscale.core.policy.MachineRole;
import io.mcscale.core.policy.MachineView;
import io.mcscale.scaler.collect.Health;
import io.mcscale.scaler.store.ActionKind;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The control loop's record of one machine: its {@link MachineLifecycle.Life}, the action under
 * way and what the last tick observed. Only the loop's thread touches it.
 */
final class ManagedMachine {
    final InstanceSpec spec;
    final MachineRole role;
    MachineLifecycle.Life life = MachineLifecycle.Life.INITIAL;
    MachineState providerState = MachineState.OFF;
    /** USD per billed hour as the provider reports it; 0 until described (then INSTANCE_HOURLY_RATE_USD applies). */
    double hourlyRateUsd;
    Optional<Backend> backend;
    /** The event-store id of the action under way on this machine, or -1. */
    long actionId = -1;
    Optional<ActionKind> actionKind = Optional.empty();
    int healthFailures;
    int metricsFailures;
    Optional<MetricSample> lastSample = Optional.empty();
    Optional<Health> lastHealth = Optional.empty();
    String lastFailure;
    /** The provider's region and machine type, once described. */
    Optional<String> region = Optional.empty();
    Optional<String> machineType = Optional.empty();
    /** Whether the provider has shown the machine out of {@code off} since the last start asked of it. */
    boolean leftOffSinceStart;
    /** Why the last start asked of the provider failed at once; empty after one that was accepted. */
    Optional<String> lastStartFailure = Optional.empty();

    ManagedMachine(InstanceSpec spec, MachineRole role) {
        this.spec = spec;
        this.role = role;
        this.backend = spec.backend();
    }

    String id() {
        return spec.machineId();
    }

    boolean isPrimary() {
        return role == MachineRole.PRIMARY;
    }

    MachinePhase phase() {
        return life.phase();
    }

    MachineView view() {
        return new MachineView(id(), role, life.phase(), healthFailures, life.retryNotBefore());
    }

    OptionalInt runningSimulations() {
        return lastSample.map(MetricSample::runningSimulations).orElse(OptionalInt.empty());
    }

    /** The health word for the status API: {@code off} when off, {@code unknown} before any check. */
    String healthWord() {
        if (life.phase() == MachinePhase.OFF) {
            return "off";
        }
        return lastHealth.map(Health::word).orElse("unknown");
    }
}
