package io.mcscale.bench;

import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.replay.Replay;
import io.mcscale.core.replay.ReplaySummary;
import io.mcscale.core.replay.TraceParser;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4's target: a month of 30-second ticks (86,400 rows) replays in under 2 s. Measures what
 * {@code mcscale replay} does after the JVM is up: parse the CSV text, then run every row through
 * the policy with 120-s boots. The trace has a business-hours load pattern with noise, so the
 * policy scales up and down every working day rather than idling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplayBenchmark {
    static final int MONTH_OF_30_SECOND_TICKS = 30 * 24 * 3600 / 30;

    String csv;

    @Setup
    public void writeTrace() {
        csv = monthTrace(42);
    }

    @Benchmark
    public ReplaySummary parseAndReplayAMonth() {
        var rows = TraceParser.parse(new BufferedReader(new StringReader(csv)), "month.csv");
        return new Replay(PolicySettings.GUIDE_DEFAULTS, Duration.ofSeconds(120)).run(rows, action -> { });
    }

    /**
     * A CPU-time check beside JMH's wall-clock figure: on a shared, overloaded machine the wall
     * clock mostly measures the other processes. Prints the replaying thread's CPU time per month,
     * cold (first runs, interpreter and JIT) and warm.
     * Run: {@code java -cp bench/target/benchmarks.jar io.mcscale.bench.ReplayBenchmark}
     */
    public static void main(String[] args) {
        var benchmark = new ReplayBenchmark();
        benchmark.writeTrace();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int run = 1; run <= 20; run++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            ReplaySummary summary = benchmark.parseAndReplayAMonth();
            System.out.printf(Locale.ROOT, "run %2d: %d rows, %d actions, thread CPU %4.0f ms, wall %5.0f ms%n", run,
                    summary.rows(), summary.scaleUps() + summary.scaleDowns(),
                    (threads.getCurrentThreadCpuTime() - cpu) / 1e6, (System.nanoTime() - wall) / 1e6);
        }
    }

    /** 86,400 rows: busy 09:00-18:00 on weekdays, quiet otherwise, with seeded noise. */
    static String monthTrace(long seed) {
        var random = new SplittableRandom(seed);
        var text = new StringBuilder(MONTH_OF_30_SECOND_TICKS * 40).append(TraceParser.HEADER).append('\n');
        for (int i = 0; i < MONTH_OF_30_SECOND_TICKS; i++) {
            long t = i * 30L;
            int hour = (int) (t / 3600 % 24);
            boolean weekday = t / 86_400 % 7 < 5;
            boolean busy = weekday && hour >= 9 && hour < 18;
            int users = busy ? 5 + random.nextInt(6) : random.nextInt(4);
            double cpu = busy ? 55 + random.nextDouble(30) : 5 + random.nextDouble(20);
            double gpu = busy ? 50 + random.nextDouble(40) : random.nextDouble(30);
            int queue = busy ? random.nextInt(9) : 0;
            double response = busy ? 800 + random.nextDouble(3000) : 100 + random.nextDouble(600);
            text.append(String.format(Locale.ROOT, "%d,%d,%.1f,%.1f,%d,%.0f%n", t, users, cpu, gpu, queue, response));
        }
        return text.toString();
    }
}
