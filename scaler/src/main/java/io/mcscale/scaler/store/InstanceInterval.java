package io.mcscale.scaler.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A stretch of time in which one machine was billed at its hourly rate (any state but {@code off}),
 * clipped to the window that was asked for. Summing {@link #duration()} gives instance-hours.
 */
public record InstanceInterval(String machineId, Instant start, Instant end) {
    public Duration duration() {
        return Duration.between(start, end);
    }

    public double hours() {
        return duration().toMillis() / 3_600_000.0;
    }
}
