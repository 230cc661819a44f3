package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/mcscale status --watch} as a user runs it, into a file, stopped with Ctrl-C (SIGINT). */
class StatusWatchIT {
    @TempDir
    Path dir;

    @Test
    void shouldStopCleanlyOnCtrlCWithTheLastSnapshotWhole() throws Exception {
        try (AdminServerOnLoopback daemon = new AdminServerOnLoopback(dir)) {
            Path out = dir.resolve("out.txt");
            Path err = dir.resolve("err.txt");
            Process watch = new ProcessBuilder(BinMcscale.repositoryRoot().resolve("bin/mcscale").toString(), "status", "--watch",
                    "--interval", "1", "--config", daemon.config().toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                // Two snapshots: the loop is between refreshes, where Ctrl-C usually lands.
                await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(out).split("\n\n").length >= 2);

                Process interrupt = new ProcessBuilder("kill", "-INT", String.valueOf(watch.pid())).start();
                assertThat(interrupt.waitFor()).isZero();

                await().atMost(Duration.ofSeconds(30)).until(() -> !watch.isAlive());
                assertThat(watch.exitValue()).isEqualTo(130);
                assertThat(Files.readString(err, StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("\tat ");
                String printed = Files.readString(out, StandardCharsets.UTF_8);
                String[] snapshots = printed.split("\n\n");
                assertThat(snapshots[snapshots.length - 1]).startsWith("mode normal").contains("last decision").endsWith("\n");
            } finally {
                watch.destroyForcibly();
            }
        }
    }
}
