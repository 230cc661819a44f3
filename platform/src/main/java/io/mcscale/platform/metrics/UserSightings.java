package io.mcscale.platform.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users this instance saw since their sightings were last written to the job store, with the
 * latest time (epoch ms) each was seen. Requests record here at the cost of a map update; the
 * store is written in batches.
 */
public final class UserSightings {
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    public void seen(String userId, long nowMillis) {
        pending.merge(userId, nowMillis, Math::max);
    }

    /** The sightings not yet written; pass them to {@link #written} once they are. */
    public Map<String, Long> pending() {
        return Map.copyOf(pending);
    }

    /** Forgets the given sightings, unless the user was seen again since (that newer sighting stays pending). */
    public void written(Map<String, Long> sightings) {
        sightings.forEach(pending::remove);
    }
}
