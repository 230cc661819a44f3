package io.mcscale.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.scaler.admin.AdminClient;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: kill -9 the scaler during a start, during a drain and during a stop of the secondary,
 * then start it again. Machines are the Paperspace fake's (5 s to start or stop); the platforms on
 * them are real processes the test boots and halts as the machine's state says. Each action takes
 * effect on the machine exactly once, and no machine that is on is unknown to the scaler.
 */
class KillScalerIT {
    private static final String PLATFORM_TOKEN = "fault-platform-token-5678";
    private static final Duration MACHINE_DELAY = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Scaler scaler;
    private Process daemon;

    @Test
    void aScalerKilledDuringAStartADrainOrAStopCarriesItOnOnceWhenRestarted() throws Exception {
        try (Rig rig = new Rig(dir); FakePaperspaceApi api = FakePaperspaceApi.start(Scaler.API_KEY)) {
            api.addMachine("psprimary", "ready").addMachine("pssecondary", "off").setTransitionDelays(MACHINE_DELAY, MACHINE_DELAY);
            Path token = Files.writeString(dir.resolve("platform-token"), PLATFORM_TOKEN + "\n");
            List<String> store = List.of("--data-dir", dir.resolve("data").toString());
            String[] platformOptions = {"--workers", "2", "--admin-token-file", token.toString(), "--grace-seconds", "120"};
            int secondaryPort = FreePorts.next();
            Rig.Platform primary = rig.platform("psprimary", store, platformOptions);
            scaler = new Scaler(rig, dir, api, primary.url(), "http://127.0.0.1:" + secondaryPort, List.of(
                    "PLATFORM_ADMIN_TOKEN=" + PLATFORM_TOKEN,
                    "SCALE_UP_THRESHOLD=1000", "SCALE_DOWN_THRESHOLD=0", "SCALE_DOWN_DELAY_SECONDS=3600", "COOLDOWN_SECONDS=1",
                    "CPU_UP_THRESHOLD=100", "CPU_DOWN_THRESHOLD=99.9", "RESPONSE_UP_SECONDS=600", "RESPONSE_DOWN_SECONDS=300",
                    "START_TIMEOUT_SECONDS=120", "STOP_TIMEOUT_SECONDS=120"));
            daemon = scaler.start();
            await().atMost(Rig.BOOT).until(() -> phase(0).equals("serving"));
            Ledger ledger = new Ledger();

            // 1) killed during a start: the machine is starting; the restarted scaler waits for it, starts nothing again.
            admin().scale("up", true);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.state("pssecondary").equals("starting"));
            long startKill = killAndRestart();
            Rig.Platform secondary = rig.platform("pssecondary", secondaryPort, store, platformOptions); // the machine boots
            await().atMost(Rig.BOOT).until(() -> phase(1).equals("serving"));
            double startCarriedOnSeconds = (System.nanoTime() - startKill) / 1e9;
            assertThat(api.appliedActions("pssecondary", "start")).isEqualTo(1);

            // 2) killed during a drain: a simulation keeps the secondary draining; the restarted scaler goes on draining.
            Rig.Answer longOne = rig.submit(secondary, "zed", asian(3), "zed-long");
            assertThat(longOne.status()).as(longOne.body().toString()).isEqualTo(202);
            String longId = longOne.body().path("id").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.get(secondary, "/api/metrics", null).body()
                    .path("running_simulations").asInt() == 1);
            admin().scale("down", true);
            await().atMost(Duration.ofSeconds(30)).until(() -> phase(1).equals("draining"));
            killAndRestart();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60)).until(() ->
                    api.state("pssecondary").equals("ready") && phase(1).equals("draining"));
            for (int i = 0; i < 4; i++) {
                Rig.Answer small = rig.submit(primary, "ann", Rig.pi(500_000, i), "ann-" + i);
                assertThat(small.status()).isEqualTo(202);
                ledger.accepted("ann", small.body().path("id").asText());
            }
            rig.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(primary.url() + "/api/simulations/" + longId))
                    .header("X-User-Id", "zed").DELETE().build());

            // 3) killed during the stop that follows the drain: the machine is stopping; it ends off, stopped once.
            await().atMost(Duration.ofSeconds(120)).until(() -> api.state("pssecondary").equals("stopping"));
            killAndRestart();
            await().atMost(Duration.ofSeconds(120)).until(() -> api.state("pssecondary").equals("off") && phase(1).equals("off"));
            Rig.killHard(secondary); // the machine is off
            assertThat(api.appliedActions("pssecondary", "stop")).isEqualTo(1);
            assertThat(api.appliedActions("pssecondary", "start")).isEqualTo(1);
            assertThat(api.appliedActions("psprimary", "start") + api.appliedActions("psprimary", "stop")).isZero();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (EventStore events = EventStore.open(scaler.dataDir.resolve("events.db"))) {
                    assertThat(events.unfinishedActions()).isEmpty();
                }
            });
            rig.awaitAllFinal(primary, ledger, Duration.ofSeconds(120));
            Ledger.Check check = ledger.check(rig.listAll(primary, ledger.users()));
            List<String> forgotten = scaler.forgottenMachines(api);
            assertThat(check.problems()).isEmpty();
            assertThat(forgotten).isEmpty();
            new Figures("kill-scaler", "kill -9 the scaler during a start, a drain and a stop (Paperspace fake, 5 s transitions)")
                    .put("starts_applied", api.appliedActions("pssecondary", "start"))
                    .put("stops_applied", api.appliedActions("pssecondary", "stop"))
                    .put("start_kill_to_serving_seconds", startCarriedOnSeconds)
                    .put("simulations", check).put("machines_forgotten", forgotten.size()).write();
        }
    }

    /** Kill -9 the scaler, start a new one; returns when it was killed (System.nanoTime). */
    private long killAndRestart() throws Exception {
        daemon.destroyForcibly().waitFor();
        long killed = System.nanoTime();
        daemon = scaler.start();
        await().atMost(Rig.BOOT).until(() -> !phase(0).isEmpty());
        return killed;
    }

    private AdminClient admin() {
        return scaler.admin();
    }

    private String phase(int machine) {
        return scaler.status().path("instances").path(machine).path("phase").asText("");
    }

    private static String asian(int seed) {
        // 252 fixings and 100 M paths: minutes of work on any machine, cancelled by the test.
        return "{\"model\":\"asian\",\"parameters\":{\"spot\":100,\"strike\":100,\"rate\":0.05,\"volatility\":0.2,"
                + "\"maturity\":1},\"paths\":100000000,\"seed\":" + seed + "}";
    }
}
