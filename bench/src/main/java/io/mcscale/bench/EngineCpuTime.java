package io.mcscale.bench;

import io.mcscale.engine.CancellationToken;
import io.mcscale.engine.Models;
import io.mcscale.engine.ProgressListener;
import io.mcscale.engine.SimulationModel;
import io.mcscale.engine.SimulationRequest;
import io.mcscale.engine.Simulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Per-core engine throughput in paths per CPU-second of the one thread doing the work. On a
 * machine shared with other builds, wall-clock throughput mostly measures the scheduler; the
 * thread's own CPU time does not count the time other processes take. With {@code threads = 1}
 * the simulator runs every chunk on the calling thread, so that thread's CPU time is the whole
 * cost. Run: {@code java -cp bench/target/benchmarks.jar io.mcscale.bench.EngineCpuTime}.
 */
public final class EngineCpuTime {
    private static final Map<String, Object> OPTION = Map.of("spot", 100, "strike", 100, "rate", 0.05, "volatility", 0.2, "maturity", 1);

    private EngineCpuTime() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%-32s %16s %16s %12s%n", "workload (1 thread)", "best paths/CPU-s", "median", "ns/step best");
        measure(threads, runs, "european (1 step)", Models.create("european", OPTION), 1, 8_000_000, false);
        measure(threads, runs, "european (1 step), antithetic", Models.create("european", OPTION), 1, 8_000_000, true);
        SimulationModel asian = Models.create("asian", with("fixings", 252));
        measure(threads, runs, "asian (252 fixings)", asian, 252, 40_000, false);
        measure(threads, runs, "asian (252 fixings), antithetic", asian, 252, 40_000, true);
        measure(threads, runs, "barrier (252, down-and-out 80)", Models.create("barrier",
                Map.of("spot", 100, "strike", 100, "rate", 0.05, "volatility", 0.2, "maturity", 1,
                        "barrier", 80, "barrier_type", "down_and_out")), 252, 40_000, false);
    }

    private static void measure(ThreadMXBean threads, int runs, String label, SimulationModel model, int steps,
            long paths, boolean antithetic) {
        double[] perCpuSecond = new double[runs];
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            run(model, paths, antithetic);
        }
        for (int i = 0; i < runs; i++) {
            long started = threads.getCurrentThreadCpuTime();
            run(model, paths, antithetic);
            perCpuSecond[i] = paths / ((threads.getCurrentThreadCpuTime() - started) / 1e9);
        }
        Arrays.sort(perCpuSecond);
        double best = perCpuSecond[runs - 1];
        System.out.printf(Locale.ROOT, "%-32s %,16.0f %,16.0f %12.2f%n", label, best, perCpuSecond[runs / 2], 1e9 / (best * steps));
    }

    private static void run(SimulationModel model, long paths, boolean antithetic) {
        Simulator.run(new SimulationRequest(model, paths, 42, 1, antithetic), ProgressListener.NONE, new CancellationToken());
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> copy = new java.util.HashMap<>(OPTION);
        copy.put(key, value);
        return copy;
    }
}
