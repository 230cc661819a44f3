package io.mcscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcscale.scaler.admin.HistoryWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcscale events}: the running autoscaler's recorded decisions (with their reasons and inputs) and actions,
 * oldest first, from its admin API's {@code GET /api/history}. One line per decision or action; {@code --json} prints
 * each as a JSON object on its own line, {@code "type"} saying which.
 */
@Command(name = "events", description = "Print the autoscaler's decision history and actions, oldest first.")
final class EventsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DaemonConfigOption daemon;

    @Option(names = "--since", paramLabel = "WINDOW", defaultValue = "24h",
            description = "how far back: a number and s, m, h or d, e.g. 30m, 24h, 7d; at most " + HistoryWindow.MAX_DAYS + "d (default ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--json", description = "one JSON object per line: {\"type\":\"decision\"|\"action\", ...}")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Duration window;
        try {
            window = HistoryWindow.parse(since);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--since: " + e.getMessage(), e);
        }
        JsonNode history = AdminCommands.readOnlyClient(daemon.file()).history(window);
        List<Event> events = new ArrayList<>();
        history.path("decisions").forEach(d -> events.add(new Event(Instant.parse(d.path("at").asText()), 0, d)));
        history.path("actions").forEach(a -> events.add(new Event(Instant.parse(a.path("at").asText()), 1, a)));
        // A decision comes before the action it caused, which starts at the same instant.
        events.sort(Comparator.comparing(Event::at).thenComparingInt(Event::order));
        PrintWriter out = spec.commandLine().getOut();
        if (history.path("truncated").asBoolean() && !json) {
            spec.commandLine().getErr().println("events: the window holds more decisions than the API returns; the oldest are left out");
        }
        for (Event e : events) {
            out.println(json ? jsonLine(e) : e.order() == 0 ? decisionLine(e.node()) : actionLine(e.node()));
        }
        out.flush();
        return 0;
    }

    private static String jsonLine(Event e) {
        ObjectNode line = JSON.createObjectNode().put("type", e.order() == 0 ? "decision" : "action");
        line.setAll((ObjectNode) e.node());
        return line.toString();
    }

    private static String decisionLine(JsonNode d) {
        JsonNode in = d.path("inputs");
        List<String> inputs = new ArrayList<>();
        addIf(inputs, in, "instances", "instances %s");
        addIf(inputs, in, "active_users", "users %s");
        addIf(inputs, in, "cpu_usage", "cpu %s%%");
        addIf(inputs, in, "gpu_usage", "gpu %s%%");
        addIf(inputs, in, "simulation_queue_length", "queue %s");
        if (in.path("avg_response_time_ms").isNumber()) {
            inputs.add(String.format(Locale.ROOT, "response %.2f s", in.path("avg_response_time_ms").asDouble() / 1000));
        }
        return String.format(Locale.ROOT, "%s  decision %-10s %s  [%s]", d.path("at").asText(), d.path("outcome").asText(),
                String.join("; ", texts(d.path("reasons"))), String.join(", ", inputs));
    }

    private static String actionLine(JsonNode a) {
        String result = a.path("result").isTextual() ? a.path("result").asText() : "unfinished";
        String ended = a.path("ended_at").isTextual()
                ? " after " + Duration.between(Instant.parse(a.path("at").asText()), Instant.parse(a.path("ended_at").asText())).toSeconds() + " s"
                : "";
        return String.format(Locale.ROOT, "%s  action   %-10s %s: %s%s%s", a.path("at").asText(), a.path("kind").asText(),
                a.path("machine").asText(), result, ended, a.path("detail").isTextual() ? " (" + a.path("detail").asText() + ")" : "");
    }

    private static void addIf(List<String> out, JsonNode inputs, String key, String format) {
        JsonNode value = inputs.path(key);
        if (value.isNumber()) {
            out.add(String.format(Locale.ROOT, format, value.isIntegralNumber() ? value.asText()
                    : String.format(Locale.ROOT, "%.1f", value.asDouble())));
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private record Event(Instant at, int order, JsonNode node) {
    }
}
