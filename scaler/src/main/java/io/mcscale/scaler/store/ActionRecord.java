package io.mcscale.scaler.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One action the daemon took on a machine. An action with no end was cut short by a
 * restart of the scaler; the next scaler finds it and reconciles.
 */
public record ActionRecord(
        long id,
        ActionKind kind,
        String machineId,
        Instant startedAt,
        Optional<Instant> endedAt,
        Optional<ActionResult> result,
        Optional<String> detail) {

    public boolean finished() {
        return endedAt.isPresent();
    }
}
