package io.mcscale.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6: the primary's data directory is a 32 MB tmpfs (as root, chmod does not stop writes, so
 * the fault is a real one) and it fills up. Health goes 503 with its reason, the scaler fails over to
 * the secondary, and once the space is freed the primary is healthy again and every simulation
 * accepted before and after succeeds, once. Skipped where {@code mount} is not allowed.
 *
 * <p>Not covered: a read-only data directory. {@code mount -o remount,ro} is refused (busy) while
 * SQLite holds its files open for writing, and chmod does not bind root.
 */
class DiskFaultIT {
    @TempDir
    Path dir;

    @Test
    void aFullDataDirectoryMakesHealth503TheScalerFailsOverAndNothingIsLost() throws Exception {
        Path mountPoint = Files.createDirectories(dir.resolve("tmpfs"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mountPoint.toString()) == 0,
                "needs root and mount (a small tmpfs as the data directory)");
        try (Rig rig = new Rig(dir); FakePaperspaceApi api = FakePaperspaceApi.start(Scaler.API_KEY)) {
            api.addMachine("psprimary", "ready").addMachine("pssecondary", "off")
                    .setTransitionDelays(Duration.ofSeconds(2), Duration.ofSeconds(2));
            Rig.Platform primary = rig.platform("psprimary", List.of("--data-dir", mountPoint.resolve("data").toString()), "--workers", "2");
            int secondaryPort = FreePorts.next();
            rig.platform("pssecondary", secondaryPort, List.of("--data-dir", dir.resolve("secondary-data").toString()), "--workers", "2");
            Scaler scaler = new Scaler(rig, dir, api, primary.url(), "http://127.0.0.1:" + secondaryPort, List.of(
                    "HEALTH_FAILURES_FOR_FAILOVER=2", "METRICS_TIMEOUT_SECONDS=2",
                    "SCALE_UP_THRESHOLD=1000", "SCALE_DOWN_THRESHOLD=0", "SCALE_DOWN_DELAY_SECONDS=3600", "COOLDOWN_SECONDS=1",
                    "CPU_UP_THRESHOLD=100", "CPU_DOWN_THRESHOLD=99.9", "RESPONSE_UP_SECONDS=600", "RESPONSE_DOWN_SECONDS=300",
                    "START_TIMEOUT_SECONDS=60", "STOP_TIMEOUT_SECONDS=60"));
            scaler.start();
            await().atMost(Rig.BOOT).until(() -> phase(scaler, 0).equals("serving"));
            Ledger ledger = new Ledger();
            submit(rig, primary, ledger, "before-full");

            // 1) disk full: a file takes every free byte of the tmpfs.
            Path filler = mountPoint.resolve("filler");
            fill(filler);
            long full = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> rig.get(primary, "/api/health", null).status() == 503);
            double fullTo503 = (System.nanoTime() - full) / 1e9;
            String fullReason = rig.get(primary, "/api/health", null).body().path("reason").asText();
            await().atMost(Duration.ofSeconds(120)).until(() -> failovers(scaler) > 0 && phase(scaler, 1).equals("serving"));
            double fullToFailover = (System.nanoTime() - full) / 1e9;
            Files.delete(filler);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> rig.get(primary, "/api/health", null).status() == 200);
            submit(rig, primary, ledger, "after-full");

            rig.awaitAllFinal(primary, ledger, Duration.ofSeconds(120));
            Ledger.Check check = ledger.check(rig.listAll(primary, ledger.users()));
            List<String> forgotten = scaler.forgottenMachines(api);
            assertThat(fullReason).isNotBlank();
            assertThat(check.problems()).isEmpty();
            assertThat(forgotten).isEmpty();
            new Figures("disk-faults", "the primary's data dir (32 MB tmpfs) fills up; Paperspace fake, HEALTH_FAILURES_FOR_FAILOVER=2")
                    .put("full_to_health_503_seconds", fullTo503).put("full_reason", fullReason)
                    .put("full_to_failover_serving_seconds", fullToFailover)
                    .put("simulations", check).put("machines_forgotten", forgotten.size()).write();
        } finally {
            run("umount", "-l", mountPoint.toString()); // fails harmlessly if the mount did
        }
    }

    private static void submit(Rig rig, Rig.Platform primary, Ledger ledger, String phase) throws Exception {
        for (int i = 0; i < 3; i++) {
            Rig.Answer answer = rig.submit(primary, "ann", Rig.pi(300_000, i), phase + "-" + i);
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
            ledger.accepted("ann", answer.body().path("id").asText());
        }
    }

    /** Writes zeros until the filesystem says it is full. */
    private static void fill(Path file) {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 1024; i++) {
                out.write(chunk);
            }
        } catch (IOException full) {
            return;
        }
        throw new AssertionError("1 GB fitted in a 32 MB tmpfs");
    }

    private static long failovers(Scaler scaler) {
        try (EventStore events = EventStore.open(scaler.dataDir.resolve("events.db"))) {
            return events.recentActions(200).stream().filter(a -> a.kind() == ActionKind.FAILOVER).count();
        }
    }

    private static String phase(Scaler scaler, int machine) {
        return scaler.status().path("instances").path(machine).path("phase").asText("");
    }

    /** Runs a command (mount, umount) and returns its exit code. */
    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
