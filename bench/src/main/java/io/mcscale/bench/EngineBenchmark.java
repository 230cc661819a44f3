package io.mcscale.bench;

import io.mcscale.engine.CancellationToken;
import io.mcscale.engine.Models;
import io.mcscale.engine.ProgressListener;
import io.mcscale.engine.SimulationModel;
import io.mcscale.engine.SimulationRequest;
import io.mcscale.engine.Simulator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine throughput through the public API, as the platform calls it: one whole
 * {@link Simulator#run} per invocation, reported in paths per second (ops = paths). Run with
 * {@code java -jar bench/target/benchmarks.jar EngineBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
    static final int EUROPEAN_PATHS = 8_000_000;
    static final int ASIAN_PATHS = 40_000;
    private static final Map<String, Object> OPTION = Map.of("spot", 100, "strike", 100, "rate", 0.05, "volatility", 0.2, "maturity", 1);

    private SimulationModel european;
    private SimulationModel asian;

    @Setup
    public void setUp() {
        european = Models.create("european", OPTION);
        asian = Models.create("asian", Map.of("spot", 100, "strike", 100, "rate", 0.05, "volatility", 0.2, "maturity", 1, "fixings", 252));
    }

    @Benchmark
    @OperationsPerInvocation(EUROPEAN_PATHS)
    public double european1Step1Thread() {
        return run(european, EUROPEAN_PATHS, 1, false);
    }

    @Benchmark
    @OperationsPerInvocation(EUROPEAN_PATHS)
    public double european1Step2Threads() {
        return run(european, EUROPEAN_PATHS, 2, false);
    }

    @Benchmark
    @OperationsPerInvocation(EUROPEAN_PATHS)
    public double european1Step1ThreadAntithetic() {
        return run(european, EUROPEAN_PATHS, 1, true);
    }

    @Benchmark
    @OperationsPerInvocation(ASIAN_PATHS)
    public double asian252Fixings1Thread() {
        return run(asian, ASIAN_PATHS, 1, false);
    }

    @Benchmark
    @OperationsPerInvocation(ASIAN_PATHS)
    public double asian252Fixings2Threads() {
        return run(asian, ASIAN_PATHS, 2, false);
    }

    @Benchmark
    @OperationsPerInvocation(ASIAN_PATHS)
    public double asian252Fixings1ThreadAntithetic() {
        return run(asian, ASIAN_PATHS, 1, true);
    }

    private static double run(SimulationModel model, long paths, int threads, boolean antithetic) {
        return Simulator.run(new SimulationRequest(model, paths, 42, threads, antithetic), ProgressListener.NONE,
                new CancellationToken()).estimate();
    }
}
