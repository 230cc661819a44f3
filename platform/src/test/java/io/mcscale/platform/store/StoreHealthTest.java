package io.mcscale.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.testkit.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code /api/health} and the submissions learn from {@link StoreHealth}, on a real SQLite store. */
class StoreHealthTest {
    @TempDir
    Path dataDir;

    /**
     * A health check whose write probe waits for SQLite's lock (held here by another connection) must not hold up
     * the submissions, which ask only whether the database file is still the one opened. They shared one monitor:
     * every submission waited up to the probe's 1 s behind a health check.
     */
    @Test
    void theFileCheckDoesNotWaitForAWriteProbeStuckOnTheLock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        try (JobStore store = JobStore.sqlite(dataDir); StoreHealth health = new StoreHealth(store, "a", clock);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("jobs.db"))) {
            other.createStatement().execute("BEGIN IMMEDIATE"); // SQLite's one write lock, held by another writer
            AtomicReference<Thread> checker = new AtomicReference<>();
            CompletableFuture<Optional<String>> probing = CompletableFuture.supplyAsync(() -> {
                checker.set(Thread.currentThread());
                return health.problem();
            });
            // problem() holds its monitor while it waits (up to 1 s) for the stuck probe.
            await().atMost(Duration.ofSeconds(10)).until(() -> checker.get() != null
                    && checker.get().getState() == Thread.State.TIMED_WAITING);
            AtomicReference<Thread> submitter = new AtomicReference<>();
            CompletableFuture<Optional<String>> fileCheck = CompletableFuture.supplyAsync(() -> {
                submitter.set(Thread.currentThread());
                return health.fileProblem();
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> fileCheck.isDone()
                    || submitter.get() != null && submitter.get().getState() == Thread.State.BLOCKED);
            assertThat(fileCheck).as("the file check finished, not blocked behind the probe").isDone();
            assertThat(fileCheck.get()).isEmpty();
            assertThat(probing.get(30, TimeUnit.SECONDS)).as("the probe did not finish within its limit: unhealthy, truthfully")
                    .isPresent();
            other.createStatement().execute("ROLLBACK");
        }
    }
}
