package io.mcscale.bench;

import io.mcscale.platform.auth.AuthMode;
import io.mcscale.platform.auth.Authenticator;
import io.mcscale.platform.auth.Caller;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.store.JobStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What knowing a request's user costs the platform, on every simulation API request: with {@code --auth keys} the
 * key's SHA-256 and one indexed read of the users table; with {@code --auth header} one read of the named user's tier.
 * The SQLite store holds 1,000 users. Run with {@code java -jar bench/target/benchmarks.jar AuthenticationBenchmark},
 * or for the thread CPU time per request, which a busy shared machine distorts far less than wall time,
 * {@code java -cp bench/target/benchmarks.jar io.mcscale.bench.AuthenticationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthenticationBenchmark {
    private static final int USERS = 1_000;
    private Path dataDir;
    private JobStore store;
    private Authenticator keys;
    private Authenticator header;
    private final List<String> bearers = new ArrayList<>();
    private int next;

    @Setup
    public void open() throws IOException {
        dataDir = Files.createTempDirectory("auth-bench");
        store = JobStore.sqlite(dataDir);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < USERS; i++) {
            bearers.add("Bearer " + store.users().add("user-" + i, Tier.values()[i % 3], now).secret());
        }
        keys = new Authenticator(AuthMode.KEYS, store.users());
        header = new Authenticator(AuthMode.HEADER, store.users());
    }

    @TearDown
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Caller byKey() {
        next = (next + 1) % USERS;
        return keys.authenticate(bearers.get(next), null);
    }

    @Benchmark
    public Caller byTrustedHeader() {
        next = (next + 1) % USERS;
        return header.authenticate(null, "user-" + next);
    }

    /** Thread CPU time and wall time per request, over rounds of 20,000 after a warm-up round. */
    public static void main(String[] args) throws IOException {
        var threads = ManagementFactory.getThreadMXBean();
        var bench = new AuthenticationBenchmark();
        bench.open();
        try {
            int requests = 20_000;
            for (String mode : List.of("keys", "header")) {
                for (int round = 0; round <= 3; round++) {
                    long cpu = threads.getCurrentThreadCpuTime();
                    long wall = System.nanoTime();
                    for (int i = 0; i < requests; i++) {
                        if (mode.equals("keys")) {
                            bench.byKey();
                        } else {
                            bench.byTrustedHeader();
                        }
                    }
                    System.out.printf("--auth %s round %d%s: %.1f us CPU, %.1f us wall per request%n", mode, round,
                            round == 0 ? " (warm-up)" : "", (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / requests,
                            (System.nanoTime() - wall) / 1e3 / requests);
                }
            }
        } finally {
            bench.close();
        }
    }
}
