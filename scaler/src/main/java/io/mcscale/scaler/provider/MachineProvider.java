package io.mcscale.scaler.provider;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Starts, stops and describes machines: Paperspace's v1 API, or platform processes on this
 * machine. Start and stop are idempotent: starting a machine that is starting or ready, or
 * stopping one that is off or stopping, sends nothing.
 */
public interface MachineProvider {
    /** The provider's name as configured, e.g. {@code paperspace} or {@code local}. */
    String name();

    MachineInfo describe(String machineId) throws ProviderException;

    /**
     * Starts the machine and, unless {@code waitUpTo} is zero, waits until it is ready.
     *
     * @throws ProviderException if the start fails or the machine is not ready within {@code waitUpTo}
     */
    MachineInfo start(String machineId, Duration waitUpTo) throws ProviderException;

    /** Stops the machine and, unless {@code waitUpTo} is zero, waits until it is off. */
    MachineInfo stop(String machineId, Duration waitUpTo) throws ProviderException;

    /**
     * Reboots a machine that is up (cheaper than a stop and a start) and, unless {@code waitUpTo} is zero, waits
     * until it is ready again. A machine that is not up is not restarted: that fails, and a start is what it needs.
     */
    default MachineInfo restart(String machineId, Duration waitUpTo) throws ProviderException {
        throw new ProviderException("the " + name() + " provider cannot restart machine " + machineId
                + "; stop and start it instead", false);
    }

    /**
     * Whether the machine's type can start in its region now; asked before each start. Providers
     * without capacity limits answer {@link Availability.Status#UNKNOWN}, and the start goes ahead.
     */
    default Availability availability(String machineId) throws ProviderException {
        return Availability.unknown("the " + name() + " provider does not report capacity");
    }

    /**
     * Why the machine's last start failed after it was accepted (Paperspace: the start event's error, e.g.
     * "insufficient capacity"), when the provider can tell; empty otherwise.
     */
    default Optional<String> startFailure(String machineId) throws ProviderException {
        return Optional.empty();
    }

    /**
     * The actions and capacity checks this provider retried by itself since the last time this was asked, oldest
     * first; then forgets them. (Retries of routine reads are only logged.)
     */
    default List<ProviderRetry> takeRetries() {
        return List.of();
    }
}
