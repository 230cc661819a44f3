package io.mcscale.scaler.control;

import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.Balancer;
import io.mcscale.scaler.balancer.BalancerException;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.ProviderException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The {@link Actuator} that acts: the provider, the balancer and the platforms' admin API. */
public final class ProviderActuator implements Actuator {
    private final MachineProvider provider;
    private final Balancer balancer;
    private final PlatformClient platforms;
    private final PlatformRestartCommand platformRestart;

    public ProviderActuator(MachineProvider provider, Balancer balancer, PlatformClient platforms,
            PlatformRestartCommand platformRestart) {
        this.provider = provider;
        this.balancer = balancer;
        this.platforms = platforms;
        this.platformRestart = platformRestart;
    }

    @Override
    public MachineInfo describe(String machineId) throws ProviderException {
        return provider.describe(machineId);
    }

    @Override
    public Outcome start(String machineId) {
        try {
            return Outcome.done(provider.start(machineId, Duration.ZERO).state());
        } catch (ProviderException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    @Override
    public Outcome stop(String machineId) {
        try {
            return Outcome.done(provider.stop(machineId, Duration.ZERO).state());
        } catch (ProviderException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    @Override
    public Outcome restart(String machineId) {
        try {
            return Outcome.done(provider.restart(machineId, Duration.ZERO).state());
        } catch (ProviderException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    @Override
    public Outcome restartPlatform() {
        return platformRestart.run().map(Outcome::failed).orElse(Outcome.DONE);
    }

    @Override
    public Outcome drain(Backend platform) {
        try {
            platforms.drain(platform);
            return Outcome.DONE;
        } catch (IOException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    @Override
    public Outcome resume(Backend platform) {
        try {
            platforms.resume(platform);
            return Outcome.DONE;
        } catch (IOException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    @Override
    public Outcome route(List<Backend> backends) {
        try {
            balancer.route(backends);
            return Outcome.DONE;
        } catch (BalancerException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    @Override
    public boolean dryRun() {
        return false;
    }
}
