package io.mcscale.scaler.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One action the daemon took on a machine ({@code scale_up}, {@code scale_down}, {@code failover},
 * {@code restart_primary}, {@code start_primary}, ...). An action with no end was cut short by a
 * restart of the scaler; the next scaler finds it and reconciles.
 */
public record ActionRecord(
        long id,
        String kind,
        String machineId,
        Instant startedAt,
        Optional<Instant> endedAt,
        Optional<String> result,
        Optional<String> detail) {

    public boolean finished() {
        return endedAt.isPresent();
    }
}
