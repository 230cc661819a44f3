package io.mcscale.cli;

import io.mcscale.core.plan.DemandParser;
import io.mcscale.platform.store.JobStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcscale export-demand --since 7d}: the platform's own recent simulations as a demand CSV
 * for {@code mcscale plan}, read from its job store (the options {@code mcscale platform} takes).
 * Each simulation that ran gives one row: when it was submitted, by whom, and how long it ran. Time
 * 0 is UTC midnight of the first day, so the planner's time of day is UTC. Simulations still queued
 * or running have no run time yet; they are left out and counted on stderr.
 */
@Command(name = "export-demand", description = "Write the job store's recent simulations as a demand CSV for mcscale plan.")
final class ExportDemandCommand implements Callable<Integer> {
    private static final Pattern AGE = Pattern.compile("([0-9]{1,5})([dhm])");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--since", paramLabel = "AGE", defaultValue = "7d",
            description = "how far back: Nd, Nh or Nm, e.g. 7d (default ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "write here instead of stdout")
    Path out;

    @CommandLine.Mixin
    JobStoreOptions storeOptions;

    @Override
    public Integer call() throws IOException {
        Instant from = Instant.now().minus(age(since));
        Instant dayStart = from.truncatedTo(ChronoUnit.DAYS);
        List<JobStore.DemandRow> rows;
        try (JobStore store = storeOptions.open()) {
            rows = store.demandSince(from);
        }
        StringWriter csv = new StringWriter(rows.size() * 32 + 32);
        csv.append(DemandParser.HEADER_WITH_TIER).append('\n');
        int unfinished = 0;
        int renamedUsers = 0;
        for (JobStore.DemandRow row : rows) {
            if (row.runMillis() < 0) {
                unfinished++;
                continue;
            }
            // The demand CSV has no quoting, so a user id cannot carry a comma or a line break.
            String user = row.userId().replaceAll("[,\\r\\n]", "_");
            if (!user.equals(row.userId())) {
                renamedUsers++;
            }
            csv.append(String.format(Locale.ROOT, "%.3f,%s,%.3f,%s%n", (row.submittedAtMillis() - dayStart.toEpochMilli()) / 1000.0,
                    user.isEmpty() ? "_" : user, row.runMillis() / 1000.0, row.tier().wire()));
        }
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(csv);
            stdout.flush();
        } else {
            Files.writeString(out, csv.toString(), StandardCharsets.UTF_8);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "exported %d simulations submitted since %s (time 0 = %s)%s%s%n", rows.size() - unfinished, from,
                dayStart, unfinished == 0 ? "" : "; left out " + unfinished + " still queued or running (no run time yet)",
                renamedUsers == 0 ? "" : "; " + renamedUsers + " rows' user ids had commas or line breaks, written as _");
        err.flush();
        return 0;
    }

    static Duration age(String text) {
        Matcher m = AGE.matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("--since " + text + " is not an age: use Nd, Nh or Nm, e.g. 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
