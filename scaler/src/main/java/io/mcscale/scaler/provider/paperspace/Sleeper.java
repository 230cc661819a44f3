package io.mcscale.scaler.provider.paperspace;

import java.time.Duration;

/**
 * Waits. The one place where the Paperspace client and provider spend time, handed in at the edge
 * so that tests advance a clock instead of waiting.
 */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
