package io.mcscale.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6: the primary's data directory is a 32 MB tmpfs (as root, chmod does not stop writes, so
 * the fault is a real one) and it fills up. Health goes 503 with its reason, the scaler fails over to
 * the secondary, and once the space is freed the primary is healthy again and every simulation
 * accepted before and after succeeds, once. Skipped where {@code mount} is not allowed.
 * {@link ReadOnlyDataDirIT} is the read-only data directory.
 */
class DiskFaultIT {
    @TempDir
    Path dir;

    @Test
    void aFullDataDirectoryMakesHealth503TheScalerFailsOverAndNothingIsLost() throws Exception {
        Path mountPoint = Files.createDirectories(dir.resolve("tmpfs"));
        Assumptions.assumeTrue(Shell.exitCode("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mountPoint.toString()) == 0,
                "needs root and mount (a small tmpfs as the data directory)");
        try (Rig rig = new Rig(dir); FakePaperspaceApi api = FakePaperspaceApi.start(Scaler.API_KEY)) {
            Scaler.FailoverGroup group = Scaler.failoverGroup(rig, dir, api, mountPoint.resolve("data"));
            Rig.Platform primary = group.primary();
            Scaler scaler = group.scaler();
            Ledger ledger = new Ledger();
            rig.submitAccepted(primary, ledger, "ann", "before-full", 3);

            // 1) disk full: a file takes every free byte of the tmpfs.
            Path filler = mountPoint.resolve("filler");
            fill(filler);
            long full = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> rig.get(primary, "/api/health", null).status() == 503);
            double fullTo503 = (System.nanoTime() - full) / 1e9;
            String fullReason = rig.get(primary, "/api/health", null).body().path("reason").asText();
            await().atMost(Duration.ofSeconds(120)).until(() -> scaler.failovers() > 0 && scaler.phase(1).equals("serving"));
            double fullToFailover = (System.nanoTime() - full) / 1e9;
            Files.delete(filler);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> rig.get(primary, "/api/health", null).status() == 200);
            rig.submitAccepted(primary, ledger, "ann", "after-full", 3);

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
            Shell.exitCode("umount", "-l", mountPoint.toString()); // fails harmlessly if the mount did
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

}
