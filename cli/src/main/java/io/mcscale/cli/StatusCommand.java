package io.mcscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcscale.scaler.admin.AdminClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcscale status}: the running autoscaler's instances and states, the last metrics, the
 * last decision and its reasons, the cooldown left and the cost rate. {@code --json} prints the
 * admin API's document as it is. {@code --watch} refreshes it in place on a terminal; into a pipe or
 * file it prints one snapshot per interval, separated by a blank line.
 */
@Command(name = "status", description = "Show the autoscaler's instances, last metrics, last decision and cost rate.")
final class StatusCommand implements Callable<Integer> {
    static final int MAX_INTERVAL_SECONDS = 3600;
    /** ANSI: cursor home, then clear the screen. */
    private static final String HOME_AND_CLEAR = "\033[H\033[2J";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DaemonConfigOption daemon;

    @Option(names = "--json", description = "print the status document as JSON")
    boolean json;

    @Option(names = "--watch", description = "refresh until Ctrl-C: in place on a terminal, else one snapshot per interval")
    boolean watch;

    @Option(names = "--interval", paramLabel = "S", defaultValue = "5",
            description = "seconds between refreshes with --watch, 1 to " + MAX_INTERVAL_SECONDS + " (default ${DEFAULT-VALUE})")
    int intervalSeconds;

    @Option(names = "--count", paramLabel = "N", description = "with --watch, stop after N snapshots (default: until Ctrl-C)")
    Integer count;

    @Override
    public Integer call() throws IOException {
        AdminClient admin = AdminCommands.readOnlyClient(daemon.file());
        PrintWriter out = spec.commandLine().getOut();
        if (!watch) {
            if (count != null || spec.commandLine().getParseResult().hasMatchedOption("--interval")) {
                throw new IllegalArgumentException("--interval and --count need --watch");
            }
            out.print(render(admin.status()));
            out.flush();
            return 0;
        }
        if (intervalSeconds < 1 || intervalSeconds > MAX_INTERVAL_SECONDS) {
            throw new IllegalArgumentException("--interval: got " + intervalSeconds + "; use 1 to " + MAX_INTERVAL_SECONDS + " seconds");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count: got " + count + "; use 1 or more, or leave it out to watch until Ctrl-C");
        }
        watch(admin, out, System.console() != null);
        return 0;
    }

    /**
     * Prints a snapshot per interval until {@code --count} or Ctrl-C. Ctrl-C runs the shutdown hook, which interrupts
     * this thread and waits (briefly) until it has finished the snapshot it was printing, so the output ends whole.
     */
    private void watch(AdminClient admin, PrintWriter out, boolean terminal) {
        Thread watcher = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            watcher.interrupt();
            try {
                finished.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "status-watch-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            for (int shown = 0; count == null || shown < count; shown++) {
                String snapshot;
                try {
                    snapshot = render(admin.status());
                } catch (IOException e) {
                    // The daemon may be restarting: say so and keep watching.
                    snapshot = "cannot read the autoscaler: " + e.getMessage() + "\n";
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                out.print(frame(snapshot, terminal, shown));
                out.flush();
                if (count != null && shown + 1 == count) {
                    break;
                }
                TimeUnit.SECONDS.sleep(intervalSeconds);
            }
        } catch (InterruptedException e) {
            // Ctrl-C: the last snapshot stands.
        } finally {
            out.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down (Ctrl-C): the hook is running.
            }
        }
    }

    /** A terminal redraws in place; a pipe or file gets the snapshots one after another, a blank line between. */
    static String frame(String snapshot, boolean terminal, int shownBefore) {
        return terminal ? HOME_AND_CLEAR + snapshot : (shownBefore == 0 ? "" : "\n") + snapshot;
    }

    private String render(JsonNode status) {
        if (json) {
            return status.toPrettyString() + "\n";
        }
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf(Locale.ROOT, "mode %s%s   cooldown %d s left   cost %.2f USD/h   (at %s)%n",
                status.path("mode").asText(), status.path("dry_run").asBoolean() ? " (DRY_RUN)" : "",
                status.path("cooldown_seconds_left").asLong(), status.path("cost_rate_usd_per_hour").asDouble(),
                status.path("at").asText());
        for (JsonNode m : status.path("instances")) {
            out.printf(Locale.ROOT, "  %-14s %-9s %-12s %-9s %-21s health %-10s%s%s%s%n", m.path("id").asText(),
                    m.path("role").asText(), m.path("state").asText(), m.path("phase").asText(), m.path("address").asText(),
                    m.path("health").asText(), m.path("routed").asBoolean() ? " routed" : "",
                    m.path("running_simulations").isNumber() ? " running " + m.path("running_simulations").asInt() : "",
                    m.path("uptime_seconds").isNumber() ? " up " + uptime(m.path("uptime_seconds").asLong()) : "");
        }
        StringBuilder metrics = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("metrics").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            metrics.append(' ').append(e.getKey()).append('=').append(e.getValue().isNull() ? "-" : e.getValue().asText());
        }
        out.println("metrics:" + (metrics.length() == 0 ? " none read yet" : metrics));
        for (JsonNode failure : status.path("metric_failures")) {
            out.println("  read failed: " + failure.asText());
        }
        JsonNode decision = status.path("last_decision");
        out.printf("last decision: %s at %s: %s%n", decision.path("outcome").asText(), decision.path("at").asText(),
                String.join("; ", EventsCommand.texts(decision.path("reasons"))));
        JsonNode cost = status.path("cost");
        if (cost.path("month").isTextual()) {
            out.printf(Locale.ROOT, "cost %s: %.2f USD so far, %.2f USD projected%s%n", cost.path("month").asText(),
                    cost.path("so_far_usd").asDouble(), cost.path("projected_month_usd").asDouble(),
                    cost.path("budget_usd").isNumber() ? String.format(Locale.ROOT, " (budget %.2f)", cost.path("budget_usd").asDouble()) : "");
        }
        out.flush();
        return text.toString();
    }

    private static String uptime(long seconds) {
        return seconds >= 86_400 ? seconds / 86_400 + "d" + seconds % 86_400 / 3600 + "h"
                : seconds >= 3600 ? seconds / 3600 + "h" + seconds % 3600 / 60 + "m" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
