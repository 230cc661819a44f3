package io.mcscale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.engine.CancellationToken;
import io.mcscale.engine.InvalidParameterException;
import io.mcscale.engine.Models;
import io.mcscale.engine.SimulationModel;
import io.mcscale.engine.SimulationRequest;
import io.mcscale.engine.SimulationResult;
import io.mcscale.engine.Simulator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one Monte Carlo simulation and print its result.",
            "Model parameters follow as --name value (snake_case; '-' works too), e.g.",
            "  mcscale simulate european --spot 100 --strike 100 --rate 0.05 --volatility 0.2 --maturity 1 --paths 10000000 --seed 42",
            "Lists are comma-separated (--weights 600,400), matrices rows separated by ';' (--correlation '1,0.3;0.3,1').",
            "Models and their parameters:",
            "  european   option_type call|put (call), spot, strike, rate, volatility, maturity, dividend_yield (0)",
            "  asian      the european ones + fixings (252), control_variate true|false (true)",
            "  barrier    the european ones + barrier, barrier_type up_and_out|down_and_out, fixings (252)",
            "  portfolio  weights, volatilities, drifts (0), correlation, horizon_days, confidence",
            "  pi         none"})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "european, asian, barrier, portfolio or pi.")
    String model;

    @Option(names = "--paths", required = true, paramLabel = "N", description = "Number of paths (at least 1).")
    long paths;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed: the same seed gives the same result on any thread count.")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--antithetic", description = "Antithetic variates: each normal draw also drives its mirror path.")
    boolean antithetic;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Unmatched
    List<String> modelArguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        SimulationModel simulationModel;
        SimulationRequest request;
        try {
            simulationModel = Models.create(model, modelParameters());
            request = new SimulationRequest(simulationModel, paths, seed, threads, antithetic);
        } catch (InvalidParameterException e) {
            throw badInput(e);
        }
        SimulationResult result;
        try (ProgressBar bar = ProgressBar.start(spec.commandLine().getErr())) {
            result = Simulator.run(request, bar, new CancellationToken());
        } catch (InvalidParameterException e) {
            throw badInput(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(asJson(result)));
        } else {
            printTable(out, result);
        }
        out.flush();
        return 0;
    }

    /** The unmatched {@code --name value} pairs (or {@code --name=value}), names in snake_case, values as typed. */
    Map<String, Object> modelParameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < modelArguments.size(); i++) {
            String argument = modelArguments.get(i);
            if (!argument.startsWith("--") || argument.length() == 2) {
                throw new ParameterException(spec.commandLine(), "unexpected argument '" + argument
                        + "': give model parameters as --name value, e.g. --spot 100");
            }
            String name = argument.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < modelArguments.size() && !isOptionName(modelArguments.get(i + 1))) {
                value = modelArguments.get(++i);
            } else {
                throw new ParameterException(spec.commandLine(), "--" + name + " needs a value, e.g. --" + name + " 0.2");
            }
            parameters.put(name.replace('-', '_'), value);
        }
        return parameters;
    }

    /** "--spot" is a name; "-0.5" (a negative number) is a value. */
    private static boolean isOptionName(String argument) {
        return argument.startsWith("--");
    }

    private ParameterException badInput(InvalidParameterException e) {
        String option = e.parameter().equals("model") ? "MODEL" : "--" + e.parameter();
        return new ParameterException(spec.commandLine(), option + ": " + e.getMessage().substring(e.parameter().length() + 2));
    }

    static Map<String, Object> asJson(SimulationResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", result.model());
        json.put("estimate", finite(result.estimate()));
        json.put("std_error", finite(result.stdError()));
        json.put("ci95_low", finite(result.ci95Low()));
        json.put("ci95_high", finite(result.ci95High()));
        json.put("paths", result.paths());
        json.put("seed", result.seed());
        json.put("threads", result.threads());
        json.put("elapsed_ms", result.elapsedMs());
        new TreeMap<>(result.extras()).forEach((key, value) -> json.put(key, finite(value)));
        return json;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static void printTable(PrintWriter out, SimulationResult result) {
        double seconds = result.elapsedMs() / 1000.0;
        out.printf(Locale.ROOT, "%s: %,d paths, seed %d, %d thread%s, %.3f s (%s paths/s)%n", result.model(), result.paths(),
                result.seed(), result.threads(), result.threads() == 1 ? "" : "s", seconds,
                seconds > 0 ? String.format(Locale.ROOT, "%,.0f", result.paths() / seconds) : "-");
        out.printf(Locale.ROOT, "  %-28s %.6f%n", "estimate", result.estimate());
        out.printf(Locale.ROOT, "  %-28s %.6f%n", "std error", result.stdError());
        out.printf(Locale.ROOT, "  %-28s [%.6f, %.6f]%n", "95% confidence interval", result.ci95Low(), result.ci95High());
        new TreeMap<>(result.extras()).forEach((key, value) -> out.printf(Locale.ROOT, "  %-28s %.6f%n", key, value));
    }
}
