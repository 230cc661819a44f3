package io.mcscale.cli.demo;

import io.mcscale.cli.load.LoadGenerator;
import io.mcscale.cli.load.LoadUser;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.store.JobStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's users. Its platforms run with {@code --auth keys}, as an installed one does, so each user is registered
 * in the platforms' store with an API key, by the code of {@code mcscale users add}, and sends it with every request.
 */
final class DemoUsers {
    /** How long a demo user's request waits for its result, and how long the user pauses between simulations. */
    private static final int USER_WAIT_SECONDS = 60;
    private static final Duration USER_THINK_TIME = Duration.ofMillis(300);

    private DemoUsers() {
    }

    /**
     * Registers {@code demo-user-1} to {@code demo-user-<count>} in the SQLite store in {@code platformDataDir}, each
     * with a new key (a user left by an earlier run in the same directory gets a new one).
     */
    static List<LoadUser> register(Path platformDataDir, int count) {
        List<LoadUser> users = new ArrayList<>();
        try (JobStore store = JobStore.sqlite(platformDataDir)) {
            for (int i = 1; i <= count; i++) {
                String name = "demo-user-" + i;
                store.users().revoke(name, Instant.now());
                users.add(new LoadUser(name, store.users().add(name, Tier.FREE, Instant.now()).secret()));
            }
        }
        return List.copyOf(users);
    }

    /**
     * The users through nginx: each submits a pi simulation of {@code paths}, waits for its result ({@code ?wait}),
     * pauses and goes again, as a person at a browser would.
     */
    static LoadGenerator.Settings settings(URI nginx, long paths, List<LoadUser> users) {
        return LoadGenerator.Settings.of(nginx, "pi", paths).withWait(USER_WAIT_SECONDS).withThinkTime(USER_THINK_TIME)
                .withKeyedUsers(users);
    }
}
