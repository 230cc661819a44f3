package io.mcscale.scaler.control;

import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.Balancer;
import io.mcscale.scaler.balancer.BalancerException;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.provider.Availability;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.provider.ProviderRetry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    public Availability availability(String machineId) {
        try {
            return provider.availability(machineId);
        } catch (ProviderException e) {
            // A capacity check that fails must not hold the scale-up back: the start itself will tell.
            return Availability.unknown("the capacity check failed: " + e.getMessage());
        }
    }

    @Override
    public Optional<String> startFailure(String machineId) {
        try {
            return provider.startFailure(machineId);
        } catch (ProviderException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ProviderRetry> takeRetries() {
        return provider.takeRetries();
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
    public Outcome route(List<Backend> backends, Map<Backend, ServerWeight> weights) {
        try {
            balancer.route(backends, weights);
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
