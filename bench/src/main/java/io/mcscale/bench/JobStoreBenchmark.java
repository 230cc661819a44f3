package io.mcscale.bench;

import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobIds;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.job.JobSubmission;
import io.mcscale.platform.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The platform's own cost per simulation in the SQLite job store: everything the store does for
 * one job apart from the simulation itself — queue it (with the quota check), poll it once, claim it
 * fairly, and record its result. Target (issue 3): under 1 ms per job. Run with
 * {@code java -jar bench/target/benchmarks.jar JobStoreBenchmark}, or for the thread CPU time per job,
 * which a busy shared machine distorts far less than wall time,
 * {@code java -cp bench/target/benchmarks.jar io.mcscale.bench.JobStoreBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JobStoreBenchmark {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final AtomicLong clock = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private Path dataDir;
    private JobStore store;

    @Setup
    public void open() throws IOException {
        dataDir = Files.createTempDirectory("jobstore-bench");
        store = JobStore.sqlite(dataDir);
    }

    @TearDown
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Thread CPU time and wall time per job, over rounds of 2,000 jobs after a warm-up round. */
    public static void main(String[] args) throws IOException {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        var bench = new JobStoreBenchmark();
        bench.open();
        try {
            int jobs = 2_000;
            for (int round = 0; round <= 5; round++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                for (int i = 0; i < jobs; i++) {
                    bench.submitPollClaimFinish();
                }
                System.out.printf("round %d%s: %.0f us CPU, %.0f us wall per job%n", round, round == 0 ? " (warm-up)" : "",
                        (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / jobs, (System.nanoTime() - wall) / 1e3 / jobs);
            }
        } finally {
            bench.close();
        }
    }

    @Benchmark
    public Job submitPollClaimFinish() {
        Instant now = Instant.ofEpochMilli(clock.incrementAndGet());
        String user = "user-" + (now.toEpochMilli() % 16);
        var job = new JobSubmission(JobIds.newId(now), user, "pi", "{}", 1000, 42, false, now, "bench");
        store.submit(job, 20, 10_000);
        store.find(job.id());
        Job claimed = store.claimNext("bench", now, LEASE).orElseThrow();
        store.finish(claimed.id(), "bench", JobStatus.SUCCEEDED, "{\"estimate\":3.14}", null, 1.0, now);
        return claimed;
    }
}
