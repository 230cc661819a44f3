package io.mcscale.scaler.control;

import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.Backend;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.provider.Availability;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.provider.ProviderRetry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control loop's only way to change the world: the provider's start, stop and restart, the
 * command that restarts the platform on the scaler's own machine, the balancer's routes and the
 * platforms' drain and resume. {@link ProviderActuator} does it; {@link DryRunActuator}
 * wraps it and only says what it would do. No call blocks on a machine: start and stop ask and return.
 */
public interface Actuator {
    /** The provider's view of a machine; a read, so dry run passes it through. */
    MachineInfo describe(String machineId) throws ProviderException;

    /** Whether the machine's type can start in its region now; a read, so dry run passes it through. */
    Availability availability(String machineId);

    /** Why the machine's last accepted start failed, when the provider can tell; a read. */
    Optional<String> startFailure(String machineId);

    /** The provider's own retries since the last call, to record as attempts. */
    List<ProviderRetry> takeRetries();

    Outcome start(String machineId);

    Outcome stop(String machineId);

    /** Reboots a machine that is up (the provider's restart), without waiting. */
    Outcome restart(String machineId);

    /** Restarts the platform on the scaler's own machine (PLATFORM_RESTART_COMMAND), within its deadline. */
    Outcome restartPlatform();

    Outcome drain(Backend platform);

    Outcome resume(Backend platform);

    /** Points the balancer at exactly these backends, some weighted (REGION_WEIGHTS). */
    Outcome route(List<Backend> backends, Map<Backend, ServerWeight> weights);

    /** True when nothing is really done (DRY_RUN); for the status API and the logs. */
    boolean dryRun();

    /**
     * How a call went: done (with the machine's state, for start and stop), failed (why), or
     * skipped by dry run.
     */
    record Outcome(Status status, Optional<MachineState> state, String failure) {
        public enum Status { DONE, FAILED, SKIPPED }

        static final Outcome DONE = new Outcome(Status.DONE, Optional.empty(), "");
        static final Outcome SKIPPED = new Outcome(Status.SKIPPED, Optional.empty(), "");

        static Outcome done(MachineState state) {
            return new Outcome(Status.DONE, Optional.of(state), "");
        }

        static Outcome failed(String why) {
            return new Outcome(Status.FAILED, Optional.empty(), why);
        }

        boolean isDone() {
            return status == Status.DONE;
        }

        boolean isFailed() {
            return status == Status.FAILED;
        }
    }
}
