package io.mcscale.scaler.control;

import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.Backend;
import io.mcscale.scaler.provider.Availability;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.provider.ProviderRetry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DRY_RUN, applied once: reads pass through to the real actuator; every change is logged and
 * skipped, so the loop decides and records decisions exactly as it would, and moves nothing.
 */
public final class DryRunActuator implements Actuator {
    private static final Logger log = LoggerFactory.getLogger(DryRunActuator.class);
    private final Actuator reads;

    public DryRunActuator(Actuator reads) {
        this.reads = reads;
    }

    @Override
    public MachineInfo describe(String machineId) throws ProviderException {
        return reads.describe(machineId);
    }

    @Override
    public Availability availability(String machineId) {
        return reads.availability(machineId);
    }

    @Override
    public Optional<String> startFailure(String machineId) {
        return reads.startFailure(machineId);
    }

    @Override
    public List<ProviderRetry> takeRetries() {
        return reads.takeRetries();
    }

    @Override
    public Outcome start(String machineId) {
        return skip("start " + machineId);
    }

    @Override
    public Outcome stop(String machineId) {
        return skip("stop " + machineId);
    }

    @Override
    public Outcome restart(String machineId) {
        return skip("restart " + machineId);
    }

    @Override
    public Outcome restartPlatform() {
        return skip("restart the platform on this machine");
    }

    @Override
    public Outcome drain(Backend platform) {
        return skip("drain the platform at " + platform);
    }

    @Override
    public Outcome resume(Backend platform) {
        return skip("resume the platform at " + platform);
    }

    @Override
    public Outcome route(List<Backend> backends, Map<Backend, ServerWeight> weights) {
        return skip("route traffic to " + backends + (weights.isEmpty() ? "" : " weighted " + weights));
    }

    @Override
    public boolean dryRun() {
        return true;
    }

    private static Outcome skip(String what) {
        log.info("DRY_RUN: would {}", what);
        return Outcome.SKIPPED;
    }
}
