package io.mcscale.cli;

import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.replay.Replay;
import io.mcscale.core.replay.ReplaySummary;
import io.mcscale.core.replay.TraceParser;
import io.mcscale.core.replay.TraceRow;
import io.mcscale.scaler.config.AutoscalerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcscale replay --trace FILE.csv} (Contract 4): the daemon's own policy on a simulated
 * clock. One JSON line per scaling action on stdout; a one-line summary on stderr. Needs no
 * credentials: the configuration is read for the policy only.
 */
@Command(name = "replay", description = "Replay a metrics trace through the scaling policy on a simulated clock.")
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--trace", required = true, paramLabel = "FILE.csv",
            description = "the trace: header " + TraceParser.HEADER + ", one row per evaluation")
    Path trace;

    @Option(names = "--config", paramLabel = "FILE", description = "an .env.autoscaler for the thresholds; default: the guide's values")
    Path config;

    @Option(names = "--boot-seconds", paramLabel = "N", defaultValue = "0",
            description = "a started machine serves N seconds after its scale-up (default ${DEFAULT-VALUE}: at once)")
    long bootSeconds;

    @Override
    public Integer call() throws IOException {
        if (bootSeconds < 0) {
            throw new IllegalArgumentException("--boot-seconds " + bootSeconds + " is negative: use 0 or more");
        }
        PolicySettings settings = AutoscalerConfig.loadPolicy(Optional.ofNullable(config), System.getenv());
        List<TraceRow> rows;
        try (BufferedReader reader = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            rows = TraceParser.parse(reader, trace.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--trace " + trace + ": no such file");
        }
        PrintWriter out = spec.commandLine().getOut();
        ReplaySummary summary = new Replay(settings, Duration.ofSeconds(bootSeconds))
                .run(rows, action -> out.println(action.toJson()));
        out.flush();
        spec.commandLine().getErr().println(String.format(Locale.ROOT,
                "replayed %d rows (%.1f h): %d scale-ups, %d scale-downs, %.1f instance-hours",
                summary.rows(), summary.traceHours(), summary.scaleUps(), summary.scaleDowns(), summary.instanceHours()));
        return 0;
    }
}
