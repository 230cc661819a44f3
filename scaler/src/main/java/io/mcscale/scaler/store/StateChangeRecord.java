package io.mcscale.scaler.store;

import io.mcscale.core.model.MachineState;
import java.time.Instant;

/** One change of a machine's state, as the state log holds it. */
public record StateChangeRecord(String machineId, Instant at, MachineState state) {
}
