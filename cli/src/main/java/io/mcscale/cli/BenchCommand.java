package io.mcscale.cli;

import io.mcscale.engine.CancellationToken;
import io.mcscale.engine.Models;
import io.mcscale.engine.ProgressListener;
import io.mcscale.engine.SimulationModel;
import io.mcscale.engine.SimulationRequest;
import io.mcscale.engine.Simulator;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A quick throughput check through the public engine API, as the platform calls it. For careful
 * figures use the JMH benchmarks in module {@code bench}; this one is for a feel of a machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure paths per second of each model, on one thread and on all cores.",
            "The default run takes about 15 s; raise --seconds for steadier figures."})
final class BenchCommand implements Callable<Integer> {
    /** The workloads, with the steps per path they cost. */
    record Workload(String label, String model, int stepsPerPath, Map<String, Object> parameters) {
    }

    private static final Map<String, Object> OPTION = Map.of("spot", 100, "strike", 100, "rate", 0.05, "volatility", 0.2, "maturity", 1);
    static final List<Workload> WORKLOADS = List.of(
            new Workload("european (1 step)", "european", 1, OPTION),
            new Workload("asian (252 fixings)", "asian", 252, with(OPTION, "fixings", 252)),
            new Workload("barrier (252, down-and-out 80)", "barrier", 252,
                    with(with(OPTION, "barrier", 80), "barrier_type", "down_and_out")),
            new Workload("portfolio (5 assets)", "portfolio", 5, Map.of("weights", "100,100,100,100,100",
                    "volatilities", "0.1,0.2,0.3,0.4,0.5", "correlation", "1,0.3,0.3,0.3,0.3;0.3,1,0.3,0.3,0.3;0.3,0.3,1,0.3,0.3;0.3,0.3,0.3,1,0.3;0.3,0.3,0.3,0.3,1",
                    "horizon_days", 10, "confidence", 0.99)),
            new Workload("pi", "pi", 1, Map.of()));

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", description = "Seconds of measurement per model and thread count, after half as long of warm-up (default ${DEFAULT-VALUE}).")
    double seconds = 1;

    @Option(names = "--model", paramLabel = "NAME", description = "Only these models (repeatable): european, asian, barrier, portfolio, pi.")
    List<String> models;

    @Option(names = "--threads", paramLabel = "T", description = "Thread count of the parallel column (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--antithetic", description = "Use antithetic variates (a normal drives two paths).")
    boolean antithetic;

    @Override
    public Integer call() {
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new ParameterException(spec.commandLine(), "--seconds: must be in (0, 3600], got " + seconds);
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads: must be at least 1, got " + threads);
        }
        if (models != null && !Models.names().containsAll(models)) {
            throw new ParameterException(spec.commandLine(), "--model: must be among " + Models.names() + ", got " + models);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "mcscale bench: %d cores, %.1f s per measurement, antithetic %s. A shared machine is noisy:"
                + " compare ratios from one run.%n", Runtime.getRuntime().availableProcessors(), seconds, antithetic ? "on" : "off");
        out.printf(Locale.ROOT, "%-32s %16s %16s %9s %16s %16s %10s%n", "model", "paths/s 1 thread",
                "paths/s " + threads + " threads", "speed-up", "per CPU-s 1 thr", "per CPU-s " + threads + " thr", "CPU ns/step");
        out.flush();
        for (Workload workload : WORKLOADS) {
            if (models != null && !models.contains(workload.model())) {
                continue;
            }
            SimulationModel model = Models.create(workload.model(), workload.parameters());
            Throughput single = measure(model, 1);
            Throughput parallel = measure(model, threads);
            out.printf(Locale.ROOT, "%-32s %,16.0f %,16.0f %8.2fx %,16.0f %,16.0f %10.2f%n", workload.label(),
                    single.perSecond(), parallel.perSecond(), parallel.perSecond() / single.perSecond(),
                    single.perCpuSecond(), parallel.perCpuSecond(), 1e9 / (single.perCpuSecond() * workload.stepsPerPath()));
            out.flush();
        }
        return 0;
    }

    /** Paths per wall-clock second and per CPU-second of one measurement. */
    record Throughput(double perSecond, double perCpuSecond) {
    }

    /**
     * Warms up, then runs whole simulations back to back for {@code seconds}; runs grow until each
     * takes about 0.1 s. Also divides by the process's CPU time: on a machine shared with other
     * work that is the steadier per-core figure, since time other processes take does not count.
     */
    private Throughput measure(SimulationModel model, int threadCount) {
        long paths = 20_000;
        // Warm-up lasts half the measurement and at least 0.6 s of CPU, so the JIT has compiled the
        // path loop even when other processes leave this one only a slice of a core.
        long warmUpEnd = System.nanoTime() + (long) (seconds * 0.5e9);
        long warmUpCpuEnd = CPU.getProcessCpuTime() + 600_000_000L;
        while (System.nanoTime() < warmUpEnd || CPU.getProcessCpuTime() < warmUpCpuEnd) {
            paths = grow(paths, run(model, paths, threadCount));
        }
        long measured = 0;
        long cpuStarted = CPU.getProcessCpuTime();
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        long now = started;
        while (now < end) {
            long elapsed = run(model, paths, threadCount);
            measured += paths;
            now = System.nanoTime();
            paths = grow(paths, elapsed);
        }
        long cpuNanos = CPU.getProcessCpuTime() - cpuStarted;
        return new Throughput(measured / ((now - started) / 1e9), measured / (cpuNanos / 1e9));
    }

    /** Doubles a run that took under 0.1 s; capped at 16 M paths, below the portfolio's limit (it keeps every loss). */
    private static long grow(long paths, long elapsedNanos) {
        return elapsedNanos < 100_000_000 ? Math.min(16_000_000, paths * 2) : paths;
    }

    private long run(SimulationModel model, long paths, int threadCount) {
        long started = System.nanoTime();
        Simulator.run(new SimulationRequest(model, paths, 42, threadCount, antithetic), ProgressListener.NONE, new CancellationToken());
        return System.nanoTime() - started;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
