package io.mcscale.cli;

import io.mcscale.core.model.UserTier;
import io.mcscale.core.plan.Demand;
import io.mcscale.core.plan.DemandParser;
import io.mcscale.core.plan.GroupShape;
import io.mcscale.core.plan.PlanChart;
import io.mcscale.core.plan.PlanOutcome;
import io.mcscale.core.plan.PlanPolicy;
import io.mcscale.core.plan.Planner;
import io.mcscale.core.plan.Recommender;
import io.mcscale.core.plan.Timeline;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.auth.TierWeights;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.config.PlanningSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcscale plan --demand FILE.csv} (Contract 5): what each policy would cost on a demand and
 * how long its simulations would wait, from a simulation of the whole group on a virtual clock.
 * A table by default, one JSON line per policy with {@code --json}. Needs no credentials.
 */
@Command(name = "plan", description = "Simulate policies on a demand trace: cost, waits, slow simulations.")
final class PlanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--demand", required = true, paramLabel = "FILE.csv",
            description = "the demand: header " + DemandParser.HEADER + "[,tier], one row per simulation")
    Path demandFile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "an .env.autoscaler for thresholds, delays, poll interval, rate and group size; default: the guide's")
    Path config;

    @Option(names = "--policy", paramLabel = "LIST", defaultValue = PlanPolicy.DEFAULT_LIST,
            description = "comma list of guide, predictive, always-on:N (default ${DEFAULT-VALUE})")
    String policies;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "8",
            description = "simulations one instance runs at once (default ${DEFAULT-VALUE}: a P4000's CPUs)")
    int workers;

    @Option(names = "--boot-seconds", paramLabel = "B", defaultValue = "120",
            description = "a started machine serves B seconds after its start request (default ${DEFAULT-VALUE})")
    double bootSeconds;

    @Option(names = "--rate", paramLabel = "USD", description = "USD per machine-hour (default: the configuration's, 0.51)")
    Double rate;

    @Option(names = "--max-instances", paramLabel = "N", description = "the group's most machines (default: 1 + the configured secondaries, 2 without)")
    Integer maxInstances;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "seed of the --recommend search's random candidates (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "one JSON object per policy per line instead of the table")
    boolean json;

    @Option(names = "--chart", paramLabel = "FILE.svg",
            description = "also draw each policy's machines, queue and waits over time into an SVG file")
    Path chart;

    @Option(names = "--recommend",
            description = "also search thresholds and delays for the cheapest configuration no slower than the guide policy (or --slow-target)")
    boolean recommend;

    @Option(names = "--slow-target", paramLabel = "FRACTION",
            description = "with --recommend: the largest acceptable slow fraction, 0-1 (default: the guide policy's on this demand)")
    Double slowTarget;

    @Option(names = "--tier-weights", paramLabel = "free=N,pro=N,enterprise=N", description = "the platforms' fair-share "
            + "claim weights, as given to mcscale platform (default free=1,pro=2,enterprise=4); they order the claims of a "
            + "demand with a tier column")
    String tierWeights;

    @Override
    public Integer call() throws IOException {
        if (maxInstances != null && maxInstances < 1) {
            throw new IllegalArgumentException("--max-instances " + maxInstances + " is too small: the group needs 1 or more");
        }
        if (slowTarget != null && !(slowTarget >= 0 && slowTarget <= 1)) {
            throw new IllegalArgumentException("--slow-target " + slowTarget + " is not a fraction: use 0-1, e.g. 0.01 for 1%");
        }
        if (slowTarget != null && !recommend) {
            throw new IllegalArgumentException("--slow-target applies to --recommend: add --recommend or drop it");
        }
        List<PlanPolicy> chosen = PlanPolicy.parseList(policies);
        PlanningSettings planning = AutoscalerConfig.loadPlanning(Optional.ofNullable(config), System.getenv());
        PolicySettings settings = maxInstances == null ? planning.policy() : planning.policy().withMaxInstances(maxInstances);
        double hourlyRate = rate == null ? planning.hourlyRateUsd() : rate;
        GroupShape shape = new GroupShape(workers, bootSeconds, planning.pollInterval().toMillis() / 1000.0,
                PlatformConfig.defaults().activeUserWindow().toSeconds(), hourlyRate, settings.responseUpSeconds())
                .withClaimWeights(claimWeights());
        Demand demand = readDemand();
        if (demand.size() == 0) {
            throw new IllegalArgumentException("--demand " + demandFile + " has no simulations after its header: nothing to plan");
        }
        Planner planner = new Planner(demand, shape, settings);

        List<PlanOutcome> outcomes = new ArrayList<>();
        List<PlanChart.Series> lines = new ArrayList<>();
        for (PlanPolicy policy : chosen) {
            Timeline timeline = chart == null ? null : new Timeline();
            outcomes.add(planner.run(policy, timeline));
            lines.add(new PlanChart.Series(policy.name(), timeline));
        }
        Optional<PlanOutcome> recommended = Optional.empty();
        if (recommend) {
            Recommender.Recommendation found = new Recommender(planner)
                    .recommend(slowTarget == null ? Double.NaN : slowTarget, seed, Runtime.getRuntime().availableProcessors());
            recommended = Optional.of(found.outcome());
            outcomes.add(found.outcome());
            spec.commandLine().getErr().printf(Locale.ROOT, "recommend: tried %d configurations for the cheapest with slow fraction <= %.4f%n",
                    found.configurationsTried(), found.slowTarget());
            if (chart != null) {
                Timeline timeline = new Timeline();
                planner.runGuide("recommended", found.settings(), timeline);
                lines.add(new PlanChart.Series("recommended", timeline));
            }
        }
        if (chart != null) {
            writeChart(lines, outcomes.stream().mapToDouble(PlanOutcome::horizonSeconds).max().orElse(0));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            outcomes.forEach(outcome -> out.println(outcome.toJson()));
        } else {
            out.printf(Locale.ROOT, "%s: %,d simulations over %.1f h; %d workers per machine, %s s boots, up to %d machines, %s/h%n",
                    demandFile, demand.size(), demand.lastSubmission() / 3600, workers, Money.hours(bootSeconds),
                    settings.maxInstances(), Money.usd(hourlyRate));
            out.print(PlanTable.render(outcomes, hourlyRate));
            recommended.ifPresent(r -> out.print(envLines(r)));
        }
        out.flush();
        return 0;
    }

    private Map<UserTier, Integer> claimWeights() {
        TierWeights weights = tierWeights == null ? TierWeights.DEFAULT : TierWeights.parse(tierWeights, "--tier-weights");
        Map<UserTier, Integer> byTier = new EnumMap<>(UserTier.class);
        for (Tier tier : Tier.values()) {
            byTier.put(UserTier.fromWire(tier.wire()).orElseThrow(), weights.weight(tier));
        }
        return byTier;
    }

    private void writeChart(List<PlanChart.Series> lines, double horizonSeconds) {
        String title = "mcscale plan: " + demandFile.getFileName() + ", " + workers + " workers per machine, "
                + Money.hours(bootSeconds) + " s boots";
        try {
            Files.writeString(chart, PlanChart.render(title, lines, horizonSeconds), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--chart " + chart + ": cannot write the file (" + e.getMessage() + ")");
        }
        spec.commandLine().getErr().println("chart written to " + chart);
    }

    /** The recommendation as lines to paste into .env.autoscaler. */
    private static String envLines(PlanOutcome recommended) {
        if (recommended.config().isEmpty()) {
            return "%nrecommended: keep the configured thresholds and delays (no cheaper configuration is as fast)%n".formatted();
        }
        StringBuilder lines = new StringBuilder(String.format("%nrecommended: paste into .env.autoscaler%n"));
        new java.util.TreeMap<>(recommended.config()).forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        return lines.toString();
    }

    private Demand readDemand() throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(demandFile, StandardCharsets.UTF_8)) {
            return DemandParser.parse(reader, demandFile.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--demand " + demandFile + ": no such file");
        }
    }
}
