package io.mcscale.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6b: the primary's data directory turns read-only under it, the way a real one does. The directory
 * is an ext4 filesystem (a 64 MB image on a loop device) mounted {@code errors=remount-ro}; the test makes
 * the kernel record a filesystem error ({@code /sys/fs/ext4/<device>/trigger_fs_error}), and ext4 aborts its
 * journal and turns the mount read-only at once, files held open by SQLite included. (Neither
 * {@code mount -o remount,ro}, refused while files are open for writing, nor chmod, which does not bind root,
 * makes a running platform's directory read-only.) Health goes 503 with its reason, submissions get 503, and
 * the scaler fails over to the secondary.
 *
 * <p>The fault ends the way a machine recovers from it: the platform stops, the filesystem is checked
 * ({@code e2fsck}) and mounted again, and the platform starts on it. A journal abort discards what the kernel
 * had not yet written to the disk, as a power loss does; every simulation accepted before the fault must
 * still be there afterwards and succeed once. Skipped where loop devices or ext4 cannot be mounted.
 */
class ReadOnlyDataDirIT {
    @TempDir
    Path dir;

    @Test
    void aDataDirectoryTurnedReadOnlyMakesHealth503TheScalerFailsOverAndNothingIsLost() throws Exception {
        Path image = dir.resolve("data.img");
        Path mountPoint = Files.createDirectories(dir.resolve("ext4"));
        Shell.Result mkfs = Shell.run("sh", "-c", "truncate -s 64M " + image + " && mkfs.ext4 -q -F " + image);
        Assumptions.assumeTrue(mkfs.exitCode() == 0, "needs mkfs.ext4: " + mkfs.output());
        Shell.Result mount = mount(image, mountPoint);
        Assumptions.assumeTrue(mount.exitCode() == 0, "needs root and loop devices (mount -o loop): " + mount.output());
        try {
            String device = Path.of(Shell.run("findmnt", "-n", "-o", "SOURCE", mountPoint.toString()).output()).getFileName().toString();
            Path trigger = Path.of("/sys/fs/ext4", device, "trigger_fs_error");
            Assumptions.assumeTrue(Files.isWritable(trigger), "needs " + trigger + " (ext4 in a Linux kernel, as root)");
            run(mountPoint, image, trigger);
        } finally {
            // umount -l also detaches the loop device (mount -o loop sets it to clear itself).
            Shell.exitCode("umount", "-l", mountPoint.toString());
        }
    }

    private void run(Path mountPoint, Path image, Path trigger) throws Exception {
        Path dataDir = mountPoint.resolve("data");
        try (Rig rig = new Rig(dir); FakePaperspaceApi api = FakePaperspaceApi.start(Scaler.API_KEY)) {
            Scaler.FailoverGroup group = Scaler.failoverGroup(rig, dir, api, dataDir);
            Rig.Platform primary = group.primary();
            Scaler scaler = group.scaler();
            Ledger ledger = new Ledger();
            rig.submitAccepted(primary, ledger, "ann", "before-read-only", 3);

            Files.writeString(trigger, "1");
            long readOnly = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> rig.get(primary, "/api/health", null).status() == 503);
            double readOnlyTo503 = (System.nanoTime() - readOnly) / 1e9;
            String reason = rig.get(primary, "/api/health", null).body().path("reason").asText();
            Rig.Answer during = rig.submit(primary, "ann", Rig.pi(300_000, 99), "during-read-only");
            await().atMost(Duration.ofSeconds(120)).until(() -> scaler.failovers() > 0 && scaler.phase(1).equals("serving"));
            double readOnlyToFailover = (System.nanoTime() - readOnly) / 1e9;

            // The repair: stop the platform, check the filesystem, mount it again, start the platform on it.
            primary.process().destroy();
            if (!primary.process().waitFor(30, TimeUnit.SECONDS)) {
                Rig.killHard(primary);
            }
            assertThat(Shell.exitCode("umount", mountPoint.toString())).isZero();
            Shell.Result fsck = Shell.run("e2fsck", "-f", "-y", image.toString());
            assertThat(fsck.exitCode()).as("e2fsck (0 clean, 1 corrected): %s", fsck.output()).isLessThanOrEqualTo(1);
            assertThat(mount(image, mountPoint).exitCode()).isZero();
            Rig.Platform repaired = rig.platform("psprimary", primary.port(), List.of("--data-dir", dataDir.toString()), "--workers", "2");
            rig.submitAccepted(repaired, ledger, "ann", "after-read-only", 3);

            rig.awaitAllFinal(repaired, ledger, Duration.ofSeconds(120));
            Ledger.Check check = ledger.check(rig.listAll(repaired, ledger.users()));
            List<String> forgotten = scaler.forgottenMachines(api);
            assertThat(reason).contains("cannot be written");
            assertThat(during.status()).as("a submission while read-only: %s", during.body()).isEqualTo(503);
            assertThat(during.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(check.problems()).isEmpty();
            assertThat(forgotten).isEmpty();
            new Figures("read-only-data-dir", "the primary's data dir (ext4 on a loop device, errors=remount-ro) turns read-only"
                    + " after a filesystem error; repaired by stop, e2fsck, mount, start")
                    .put("read_only_to_health_503_seconds", readOnlyTo503).put("read_only_reason", reason)
                    .put("read_only_to_failover_serving_seconds", readOnlyToFailover)
                    .put("submit_while_read_only_status", during.status())
                    .put("simulations", check).put("machines_forgotten", forgotten.size()).write();
        }
    }

    private static Shell.Result mount(Path image, Path mountPoint) throws Exception {
        return Shell.run("mount", "-o", "loop,errors=remount-ro", image.toString(), mountPoint.toString());
    }
}
