package io.mcscale.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.net.StallingHttpServer;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 7: the secondary's platform sends its metrics headers and then stalls the body for good.
 * The scaler keeps deciding every poll (its status moves on) with the primary served normally, and a
 * SIGTERM stops it within a few seconds.
 */
class StalledMetricsIT {
    private static final int DECISIONS = 8;
    private static final Duration SIGTERM_BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aPlatformThatStallsItsMetricsBodyNeitherStopsTheDecisionsNorTheScaler() throws Exception {
        try (Rig rig = new Rig(dir); FakePaperspaceApi api = FakePaperspaceApi.start(Scaler.API_KEY);
                StallingHttpServer stalled = new StallingHttpServer()) {
            api.addMachine("psprimary", "ready").addMachine("pssecondary", "ready");
            Rig.Platform primary = rig.platform("psprimary", List.of("--data-dir", dir.resolve("data").toString()), "--workers", "2");
            Scaler scaler = new Scaler(rig, dir, api, primary.url(), stalled.baseUrl(), List.of(
                    "METRICS_TIMEOUT_SECONDS=2",
                    // Nothing to scale on here: the scenario is about the control loop staying alive.
                    "SCALE_UP_THRESHOLD=1000", "SCALE_DOWN_THRESHOLD=0", "SCALE_DOWN_DELAY_SECONDS=3600",
                    "CPU_UP_THRESHOLD=100", "CPU_DOWN_THRESHOLD=99.9", "RESPONSE_UP_SECONDS=600", "RESPONSE_DOWN_SECONDS=300"));
            Process daemon = scaler.start();
            await().atMost(Rig.BOOT).until(() -> stalled.requests() > 0);

            // Decisions go on: the status's time moves once per poll although every read of the secondary stalls.
            Set<String> seen = ConcurrentHashMap.newKeySet();
            long watching = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String at = scaler.status().path("at").asText("");
                if (!at.isEmpty()) {
                    seen.add(at);
                }
                return seen.size() >= DECISIONS;
            });
            double decisionsPerSecond = DECISIONS / ((System.nanoTime() - watching) / 1e9);
            int stalledReads = stalled.requests();

            // Users of the primary are served meanwhile.
            Ledger ledger = new Ledger();
            for (int i = 0; i < 5; i++) {
                Rig.Answer answer = rig.submit(primary, "ann", Rig.pi(500_000, i), "ann-" + i);
                assertThat(answer.status()).isEqualTo(202);
                ledger.accepted("ann", answer.body().path("id").asText());
            }
            rig.awaitAllFinal(primary, ledger, Duration.ofSeconds(120));
            Ledger.Check check = ledger.check(rig.listAll(primary, ledger.users()));

            long term = System.nanoTime();
            daemon.destroy(); // SIGTERM
            boolean exited = daemon.waitFor(60, TimeUnit.SECONDS);
            Duration stopped = Duration.ofNanos(System.nanoTime() - term);
            long decisionsRecorded;
            try (EventStore store = EventStore.open(scaler.dataDir.resolve("events.db"))) {
                decisionsRecorded = store.recentDecisions(1000).size();
            }
            List<String> forgotten = scaler.forgottenMachines(api);

            assertThat(stalledReads).as("the secondary was read again and again, not once").isGreaterThan(1);
            assertThat(exited).isTrue();
            assertThat(stopped).as("SIGTERM to exit").isLessThan(SIGTERM_BOUND);
            assertThat(daemon.exitValue()).isIn(0, 143);
            assertThat(decisionsRecorded).isPositive();
            assertThat(check.problems()).isEmpty();
            assertThat(forgotten).isEmpty();
            new Figures("stalled-metrics", "the secondary stalls every metrics body (METRICS_TIMEOUT_SECONDS=2, poll 1 s)")
                    .put("decisions_per_second", decisionsPerSecond).put("stalled_reads", stalledReads)
                    .put("sigterm_to_exit_seconds", stopped.toMillis() / 1000.0).put("exit_code", daemon.exitValue())
                    .put("simulations", check).put("machines_forgotten", forgotten.size()).write();
        }
    }
}
