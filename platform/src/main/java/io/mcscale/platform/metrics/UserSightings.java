package io.mcscale.platform.metrics;

import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.store.JobStore.UserSighting;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users this instance saw since their sightings were last written to the job store, with the
 * latest time (epoch ms) each was seen and their tier then. Requests record here at the cost of a
 * map update; the store is written in batches.
 */
public final class UserSightings {
    private final Map<String, UserSighting> pending = new ConcurrentHashMap<>();

    public void seen(String userId, Tier tier, long nowMillis) {
        pending.merge(userId, new UserSighting(nowMillis, tier),
                (older, newer) -> newer.lastSeenMillis() >= older.lastSeenMillis() ? newer : older);
    }

    /** The sightings not yet written; pass them to {@link #written} once they are. */
    public Map<String, UserSighting> pending() {
        return Map.copyOf(pending);
    }

    /** Forgets the given sightings, unless the user was seen again since (that newer sighting stays pending). */
    public void written(Map<String, UserSighting> sightings) {
        sightings.forEach(pending::remove);
    }
}
