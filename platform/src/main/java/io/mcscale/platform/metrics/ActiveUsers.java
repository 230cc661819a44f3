package io.mcscale.platform.metrics;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers when each user last made a request, to count the users active within a window. */
public final class ActiveUsers {
    private final long windowMillis;
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    public ActiveUsers(java.time.Duration window) {
        this.windowMillis = window.toMillis();
    }

    public void seen(String userId, long nowMillis) {
        lastSeen.put(userId, nowMillis);
    }

    /** Users seen within the window before {@code nowMillis}; forgets the older ones. */
    public Set<String> active(long nowMillis) {
        long since = nowMillis - windowMillis;
        lastSeen.values().removeIf(t -> t < since);
        return new HashSet<>(lastSeen.keySet());
    }
}
