package io.mcscale.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** An {@link InstantSource} that tests move by hand, so that time-based behaviour is exact and never waits. */
public final class MutableClock implements InstantSource {
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public static MutableClock startingAt(String isoInstant) {
        return new MutableClock(Instant.parse(isoInstant));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, got " + by);
        }
        return now.updateAndGet(t -> t.plus(by));
    }

    public Instant advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    public void set(Instant instant) {
        now.set(instant);
    }
}
