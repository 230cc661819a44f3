package io.mcscale.scaler.provider;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A provider that never stops or restarts the machine the scaler runs on ({@link ScalerMachine}), whoever asks:
 * failover, a scale-down, {@code mcscale scale}, or a future caller. In the guide's layout that machine also runs
 * nginx, so a stop would leave nothing to bring it back. Starts and reads pass through.
 */
public final class SelfProtectingProvider implements MachineProvider {
    private final MachineProvider delegate;
    private final ScalerMachine scalerMachine;

    public SelfProtectingProvider(MachineProvider delegate, ScalerMachine scalerMachine) {
        this.delegate = delegate;
        this.scalerMachine = scalerMachine;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public MachineInfo describe(String machineId) throws ProviderException {
        return delegate.describe(machineId);
    }

    @Override
    public MachineInfo start(String machineId, Duration waitUpTo) throws ProviderException {
        return delegate.start(machineId, waitUpTo);
    }

    @Override
    public MachineInfo stop(String machineId, Duration waitUpTo) throws ProviderException {
        refuseIfScalerMachine("stop", machineId);
        return delegate.stop(machineId, waitUpTo);
    }

    @Override
    public MachineInfo restart(String machineId, Duration waitUpTo) throws ProviderException {
        refuseIfScalerMachine("restart", machineId);
        return delegate.restart(machineId, waitUpTo);
    }

    @Override
    public Availability availability(String machineId) throws ProviderException {
        return delegate.availability(machineId);
    }

    @Override
    public Optional<String> startFailure(String machineId) throws ProviderException {
        return delegate.startFailure(machineId);
    }

    @Override
    public List<ProviderRetry> takeRetries() {
        return delegate.takeRetries();
    }

    private void refuseIfScalerMachine(String verb, String machineId) throws ProviderException {
        if (machineId.equals(scalerMachine.machineId())) {
            throw new ProviderException("refusing to " + verb + " machine " + scalerMachine
                    + ": the scaler runs on it, and nothing would be left to bring it back", false);
        }
    }
}
