package io.mcscale.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    private static final Map<String, Map<String, Object>> MODELS = Map.of(
            "european", Map.of("spot", 100, "strike", 110, "rate", 0.03, "volatility", 0.3, "maturity", 2),
            "asian", Map.of("spot", 100, "strike", 100, "rate", 0.03, "volatility", 0.3, "maturity", 1, "fixings", 12),
            "barrier", Map.of("spot", 100, "strike", 100, "rate", 0.03, "volatility", 0.3, "maturity", 1,
                    "barrier", 90, "barrier_type", "down_and_out", "fixings", 12, "option_type", "put"),
            "portfolio", Map.of("weights", List.of(100, 50), "volatilities", List.of(0.2, 0.4),
                    "correlation", List.of(List.of(1, -0.3), List.of(-0.3, 1)), "horizon_days", 5, "confidence", 0.95),
            "pi", Map.of());

    @Property(tries = 10)
    void resultsAreBitIdenticalWhateverTheThreadCount(
            @ForAll("modelNames") String model,
            @ForAll @LongRange(min = 1, max = 300_000) long paths,
            @ForAll long seed,
            @ForAll @IntRange(min = 2, max = 5) int threads,
            @ForAll boolean antithetic) {
        long allowedPaths = model.equals("portfolio") ? Math.max(paths, 200) : paths;
        SimulationModel simulationModel = Models.create(model, MODELS.get(model));

        SimulationResult single = Simulator.run(new SimulationRequest(simulationModel, allowedPaths, seed, 1, antithetic),
                ProgressListener.NONE, new CancellationToken());
        SimulationResult parallel = Simulator.run(new SimulationRequest(simulationModel, allowedPaths, seed, threads, antithetic),
                ProgressListener.NONE, new CancellationToken());

        assertThat(Double.doubleToRawLongBits(parallel.estimate())).isEqualTo(Double.doubleToRawLongBits(single.estimate()));
        assertThat(parallel.stdError()).isEqualTo(single.stdError());
        assertThat(parallel.extras()).isEqualTo(single.extras());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> modelNames() {
        return net.jqwik.api.Arbitraries.of(Models.names());
    }

    @Test
    void differentSeedsGiveDifferentEstimates() {
        SimulationModel model = Models.create("european", MODELS.get("european"));
        double first = Simulator.run(new SimulationRequest(model, 10_000, 1, 1, false), ProgressListener.NONE, new CancellationToken()).estimate();
        double second = Simulator.run(new SimulationRequest(model, 10_000, 2, 1, false), ProgressListener.NONE, new CancellationToken()).estimate();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void resultCarriesTheRequestAndAnInterval() {
        SimulationResult result = Simulator.run(new SimulationRequest(Models.create("pi", Map.of()), 100_000, 7, 3, false),
                ProgressListener.NONE, new CancellationToken());

        assertThat(result.model()).isEqualTo("pi");
        assertThat(result.paths()).isEqualTo(100_000);
        assertThat(result.seed()).isEqualTo(7);
        assertThat(result.threads()).isEqualTo(1); // 100k pi paths are one chunk: no point in more threads
        assertThat(result.ci95Low()).isLessThan(result.estimate()).isLessThan(result.ci95High());
        assertThat(result.ci95High() - result.estimate()).isCloseTo(1.96 * result.stdError(), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void progressRisesToOneAsChunksComplete() {
        List<Double> fractions = new CopyOnWriteArrayList<>();
        Simulator.run(new SimulationRequest(Models.create("european", MODELS.get("european")), 2_000_000, 1, 2, false),
                fractions::add, new CancellationToken());

        assertThat(fractions).hasSizeGreaterThan(5).isSorted();
        assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
    }

    @Test
    void cancellingStopsTheRunAtTheNextChunk() {
        CancellationToken cancel = new CancellationToken();
        List<Double> fractions = new CopyOnWriteArrayList<>();
        SimulationRequest huge = new SimulationRequest(Models.create("asian", MODELS.get("asian")), 1_000_000_000_000L, 1, 2, false);

        assertThatThrownBy(() -> Simulator.run(huge, fraction -> {
            fractions.add(fraction);
            if (fractions.size() == 3) {
                cancel.cancel();
            }
        }, cancel)).isInstanceOf(SimulationCancelledException.class);
        assertThat(fractions).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void alreadyCancelledTokenRunsNothing() {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();

        assertThatThrownBy(() -> Simulator.run(new SimulationRequest(Models.create("pi", Map.of()), 1000, 1, 1, false),
                ProgressListener.NONE, cancel)).isInstanceOf(SimulationCancelledException.class);
    }

    @Test
    void portfolioRefusesMorePathsThanItCanKeep() {
        SimulationModel model = Models.create("portfolio", MODELS.get("portfolio"));

        assertThatThrownBy(() -> Simulator.run(new SimulationRequest(model, 30_000_000, 1, 1, false),
                ProgressListener.NONE, new CancellationToken()))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("paths").hasMessageContaining("20000000");
    }
}
