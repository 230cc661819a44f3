package io.mcscale.scaler.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code PLATFORM_RESTART_COMMAND} (default {@code systemctl restart monte-carlo-platform}): run as
 * a process, never through a shell, with a deadline. Its output goes to {@code log}, so a command
 * that leaves a process behind holds no pipe of ours.
 */
public final class PlatformRestartCommand {
    private final List<String> command;
    private final Duration deadline;
    private final Path log;

    public PlatformRestartCommand(List<String> command, Duration deadline, Path log) {
        this.command = List.copyOf(command);
        this.deadline = deadline;
        this.log = log;
    }

    /** Runs the command; empty when it exited 0 within the deadline, else why not. */
    public Optional<String> run() {
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return Optional.of("'" + String.join(" ", command) + "' could not run: " + e.getMessage());
        }
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.of("'" + String.join(" ", command) + "' did not finish within " + deadline.toSeconds()
                        + " s; it was killed (its output: " + log + ")");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.of("'" + String.join(" ", command) + "' was interrupted");
        }
        int exit = process.exitValue();
        return exit == 0 ? Optional.empty()
                : Optional.of("'" + String.join(" ", command) + "' exited " + exit + " (its output: " + log + ")");
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
