package io.mcscale.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import io.mcscale.testkit.paperspace.FakePaperspaceApi.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: while the scaler starts the secondary, the Paperspace fake answers the start requests
 * with 429, 500, a 40 s silence (past the client's 30 s read timeout; the start then takes effect) and a
 * stalled body (the start takes effect, the answer never completes); the first start that takes effect
 * ends in a capacity error. The operator asks for the scale-up again whenever the last one failed. The
 * scaler retries, records each failure (its log, and its store for a failed action), and ends with the secondary serving, every action finished.
 */
class ProviderFaultsIT {
    private static final String START = "/machines/pssecondary/start";

    @TempDir
    Path dir;

    @Test
    void aScaleUpThroughCapacityErrors429s500sTimeoutsAndAStalledBodyEndsConsistent() throws Exception {
        try (Rig rig = new Rig(dir); FakePaperspaceApi api = FakePaperspaceApi.start(Scaler.API_KEY)) {
            api.addMachine("psprimary", "ready").addMachine("pssecondary", "off")
                    .setTransitionDelays(Duration.ofSeconds(3), Duration.ofSeconds(3));
            List<String> store = List.of("--data-dir", dir.resolve("data").toString());
            Rig.Platform primary = rig.platform("psprimary", store, "--workers", "2");
            int secondaryPort = FreePorts.next();
            rig.platform("pssecondary", secondaryPort, store, "--workers", "2"); // its machine's platform, up once the machine is
            Scaler scaler = new Scaler(rig, dir, api, primary.url(), "http://127.0.0.1:" + secondaryPort, List.of(
                    "SCALE_UP_THRESHOLD=1000", "SCALE_DOWN_THRESHOLD=0", "SCALE_DOWN_DELAY_SECONDS=3600", "COOLDOWN_SECONDS=1",
                    "CPU_UP_THRESHOLD=100", "CPU_DOWN_THRESHOLD=99.9", "RESPONSE_UP_SECONDS=600", "RESPONSE_DOWN_SECONDS=300",
                    "START_TIMEOUT_SECONDS=60", "STOP_TIMEOUT_SECONDS=60"));
            scaler.start();
            await().atMost(Rig.BOOT).until(() -> phase(scaler, 0).equals("serving"));

            api.failNextStart("pssecondary", "out of capacity for P4000 in this region");
            api.enqueue("PATCH", START, Fault.tooManyRequests("1"));
            api.enqueue("PATCH", START, Fault.status(500, "internal error"));
            api.enqueue("PATCH", START, Fault.slow(Duration.ofSeconds(40)));
            api.enqueue("PATCH", START, Fault.stalledBody(Duration.ofSeconds(60)));
            Ledger ledger = new Ledger();
            for (int i = 0; i < 4; i++) {
                Rig.Answer answer = rig.submit(primary, "ann", Rig.pi(500_000, i), "ann-" + i);
                assertThat(answer.status()).isEqualTo(202);
                ledger.accepted("ann", answer.body().path("id").asText());
            }
            long asked = System.nanoTime();
            await().atMost(Duration.ofSeconds(400)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                if (phase(scaler, 1).equals("off") && noActionInFlight(scaler)) {
                    scaler.admin().scale("up", true);
                }
                return phase(scaler, 1).equals("serving");
            });
            double secondsToServing = (System.nanoTime() - asked) / 1e9;

            List<ActionRecord> actions;
            try (EventStore events = EventStore.open(scaler.dataDir.resolve("events.db"))) {
                actions = events.recentActions(200);
                assertThat(events.unfinishedActions()).isEmpty();
            }
            long failedActions = actions.stream().filter(a -> a.result().isPresent() && a.result().get() != ActionResult.OK).count();
            // Retries inside one action are in the scaler's log (a warning per failed call); failed actions also in its store.
            long failuresLogged;
            try (var lines = Files.lines(dir.resolve("autoscaler-0.log"))) {
                failuresLogged = lines.filter(line -> line.contains("WARN") && (line.contains("retry") || line.contains("fail"))).count();
            }
            long startRequests = api.count("PATCH", START);
            List<String> forgotten = scaler.forgottenMachines(api);
            rig.awaitAllFinal(primary, ledger, Duration.ofSeconds(120));
            Ledger.Check check = ledger.check(rig.listAll(primary, ledger.users()));

            assertThat(api.state("pssecondary")).isEqualTo("ready");
            assertThat(api.appliedActions("pssecondary", "start")).as("the capacity error's start, then one that held").isEqualTo(2);
            assertThat(startRequests).as("429, 500, silence, stalled body: each met, then retried").isGreaterThanOrEqualTo(4);
            assertThat(failuresLogged + failedActions).as("failures are recorded").isGreaterThanOrEqualTo(4);
            assertThat(forgotten).isEmpty();
            assertThat(check.problems()).isEmpty();
            new Figures("provider-faults", "scale-up through a capacity error, 429, 500, a 40 s silence and a stalled body")
                    .put("start_requests", startRequests).put("starts_applied", api.appliedActions("pssecondary", "start"))
                    .put("failures_logged", failuresLogged).put("failed_actions_recorded", failedActions).put("seconds_to_serving", secondsToServing)
                    .put("simulations", check).put("machines_forgotten", forgotten.size()).write();
        }
    }

    private static String phase(Scaler scaler, int machine) {
        return scaler.status().path("instances").path(machine).path("phase").asText("");
    }

    private static boolean noActionInFlight(Scaler scaler) throws IOException {
        try (EventStore events = EventStore.open(scaler.dataDir.resolve("events.db"))) {
            return events.unfinishedActions().isEmpty();
        }
    }
}
