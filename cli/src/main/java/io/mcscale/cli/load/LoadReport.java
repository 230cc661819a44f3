package io.mcscale.cli.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a load run measured. {@code lost} counts simulations the platform accepted but the users
 * never saw finish; on a healthy platform it is zero.
 *
 * @param requests every HTTP request sent (submits and polls)
 * @param throttled answers 429 or 503 (with Retry-After), which users wait out and retry
 * @param errors transport failures and answers other than 2xx and 429
 * @param resent requests sent again because their connection closed before any answer (as after an
 *     nginx reload); a submission carries an Idempotency-Key, so a resend never queues a second simulation
 * @param nonWaiting latency of every request (none of them waits)
 * @param simulation time from submit to the poll that saw the simulation finished
 */
public record LoadReport(
        double elapsedSeconds,
        long requests,
        double requestsPerSecond,
        long submitted,
        long accepted,
        long succeeded,
        long failed,
        long throttled,
        long errors,
        long resent,
        long lost,
        LatencySummary submit,
        LatencySummary poll,
        LatencySummary nonWaiting,
        LatencySummary simulation) {

    /** One line a person can read per figure. */
    public String toText() {
        var text = new StringBuilder();
        text.append(String.format("requests      %d in %.1f s: %.1f/s%n", requests, elapsedSeconds, requestsPerSecond));
        text.append(String.format("simulations   %d submitted, %d accepted, %d succeeded, %d failed, %d lost%n",
                submitted, accepted, succeeded, failed, lost));
        text.append(String.format("errors        %d (throttled 429/503: %d; resent after a closed connection or a timeout: %d)%n", errors,
                throttled, resent));
        text.append(String.format("latency ms    %8s %8s %8s %8s %8s %8s%n", "mean", "p50", "p90", "p99", "p99.9", "max"));
        line(text, "submit", submit);
        line(text, "poll", poll);
        line(text, "all requests", nonWaiting);
        line(text, "simulation", simulation);
        return text.toString();
    }

    private static void line(StringBuilder text, String name, LatencySummary s) {
        text.append(String.format("  %-12s%8.2f %8.2f %8.2f %8.2f %8.2f %8.2f%n", name, s.meanMs(), s.p50Ms(), s.p90Ms(), s.p99Ms(),
                s.p999Ms(), s.maxMs()));
    }

    /** The fields as a JSON-ready map, in snake_case. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("elapsed_seconds", elapsedSeconds);
        json.put("requests", requests);
        json.put("requests_per_second", requestsPerSecond);
        json.put("submitted", submitted);
        json.put("accepted", accepted);
        json.put("succeeded", succeeded);
        json.put("failed", failed);
        json.put("throttled", throttled);
        json.put("errors", errors);
        json.put("resent", resent);
        json.put("lost", lost);
        json.put("latency_ms", Map.of("submit", latency(submit), "poll", latency(poll), "all", latency(nonWaiting),
                "simulation", latency(simulation)));
        return json;
    }

    private static Map<String, Object> latency(LatencySummary s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", s.count());
        json.put("mean", s.meanMs());
        json.put("p50", s.p50Ms());
        json.put("p90", s.p90Ms());
        json.put("p99", s.p99Ms());
        json.put("p999", s.p999Ms());
        json.put("max", s.maxMs());
        return json;
    }
}
