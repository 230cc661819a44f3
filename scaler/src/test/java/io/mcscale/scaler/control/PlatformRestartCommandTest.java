package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PLATFORM_RESTART_COMMAND as real processes: success, a failing exit, a command that hangs past its deadline. */
class PlatformRestartCommandTest {
    @TempDir
    Path dir;

    @Test
    void aCommandThatExitsZeroSucceedsAndItsOutputGoesToTheLog() throws Exception {
        var command = new PlatformRestartCommand(List.of("sh", "-c", "echo restarted"), Duration.ofSeconds(30), dir.resolve("restart.log"));

        assertThat(command.run()).isEmpty();
        assertThat(dir.resolve("restart.log")).hasContent("restarted");
    }

    @Test
    void aFailingCommandSaysItsExitCode() {
        var command = new PlatformRestartCommand(List.of("sh", "-c", "exit 3"), Duration.ofSeconds(30), dir.resolve("restart.log"));

        assertThat(command.run()).hasValueSatisfying(why -> assertThat(why).contains("exited 3"));
    }

    @Test
    void aCommandPastItsDeadlineIsKilledAndCountsAsFailed() {
        var command = new PlatformRestartCommand(List.of("sleep", "60"), Duration.ofMillis(300), dir.resolve("restart.log"));

        assertThat(command.run()).hasValueSatisfying(why -> assertThat(why).contains("did not finish within", "killed"));
    }

    @Test
    void aMissingProgramIsAFailureNotAnException() {
        var command = new PlatformRestartCommand(List.of(dir.resolve("no-such-program").toString()), Duration.ofSeconds(5),
                dir.resolve("restart.log"));

        assertThat(command.run()).hasValueSatisfying(why -> assertThat(why).contains("could not run"));
    }
}
