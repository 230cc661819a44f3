package io.mcscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcscale status}: the running autoscaler's instances and states, the last metrics, the
 * last decision and its reasons, the cooldown left and the cost rate. {@code --json} prints the
 * admin API's document as it is.
 */
@Command(name = "status", description = "Show the autoscaler's instances, last metrics, last decision and cost rate.")
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DaemonConfigOption daemon;

    @Option(names = "--json", description = "print the status document as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        JsonNode status = AdminCommands.client(daemon.file()).status();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(status.toPrettyString());
            return 0;
        }
        out.printf(Locale.ROOT, "mode %s%s   cooldown %d s left   cost %.2f USD/h   (at %s)%n",
                status.path("mode").asText(), status.path("dry_run").asBoolean() ? " (DRY_RUN)" : "",
                status.path("cooldown_seconds_left").asLong(), status.path("cost_rate_usd_per_hour").asDouble(),
                status.path("at").asText());
        for (JsonNode m : status.path("instances")) {
            out.printf(Locale.ROOT, "  %-14s %-9s %-12s %-9s %-21s health %-10s%s%s%n", m.path("id").asText(),
                    m.path("role").asText(), m.path("state").asText(), m.path("phase").asText(), m.path("address").asText(),
                    m.path("health").asText(), m.path("routed").asBoolean() ? " routed" : "",
                    m.path("running_simulations").isNumber() ? " running " + m.path("running_simulations").asInt() : "");
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
        StringBuilder reasons = new StringBuilder();
        for (JsonNode reason : decision.path("reasons")) {
            reasons.append(reasons.length() == 0 ? "" : "; ").append(reason.asText());
        }
        out.printf("last decision: %s at %s: %s%n", decision.path("outcome").asText(), decision.path("at").asText(), reasons);
        return 0;
    }
}
