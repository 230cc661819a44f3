package io.mcscale.testkit.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Another program that keeps one core busy, as a neighbour on a shared machine does: a shell busy
 * loop, {@code sh -c 'while :; do :; done'}, under {@code timeout} so that it ends by itself even
 * if the test that started it dies. {@link #close()} kills it and what it started.
 */
public final class BusyCore implements AutoCloseable {
    private final Process process;

    private BusyCore(Process process) {
        this.process = process;
    }

    /** Starts the loop; it stops by itself after {@code lifetime}, or at {@link #close()}. */
    public static BusyCore start(Duration lifetime) {
        try {
            return new BusyCore(new ProcessBuilder(List.of("timeout", Long.toString(Math.max(1, lifetime.toSeconds())),
                    "sh", "-c", "while :; do :; done"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the busy loop (sh and coreutils' timeout)", e);
        }
    }

    /** CPU time the loop has used so far, as the OS accounts it (zero where the OS does not tell). */
    public Duration cpuTime() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
