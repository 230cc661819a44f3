package io.mcscale.core.replay;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The replay's clock: it stands still until the event loop moves it to the next event, so
 * a month of trace takes as long as its arithmetic and nothing ever sleeps. Time only moves forward.
 */
public final class VirtualClock implements InstantSource {
    private Instant now;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    void advanceTo(Instant time) {
        if (time.isBefore(now)) {
            throw new IllegalStateException("the virtual clock cannot go back from " + now + " to " + time);
        }
        now = time;
    }
}
