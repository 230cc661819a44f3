package io.mcscale.scaler.provider.paperspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.scaler.net.HttpDeadline;
import io.mcscale.scaler.provider.CapacityException;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.provider.ProviderRetry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paperspace's v1 API ({@code https://api.paperspace.com/v1}, {@code Authorization: Bearer <key>}).
 * The legacy API (api.paperspace.io with X-Api-Key) was retired on 15 July 2024 and is not spoken.
 *
 * <p>Reads are retried on 429, 5xx and connection failures with {@link RetryPolicy}. Start, stop
 * and restart are retried only on 429, which Paperspace sends before doing anything: after a 5xx
 * or a dropped connection the action may have happened, so the error goes to the caller
 * ({@link ProviderException#isRetryable()}), which looks at the machine before trying again.
 *
 * <p>Each attempt has one deadline (the read timeout) for the whole answer, body included.
 *
 * <p>Every retry of an action or a capacity check is also kept for {@link #takeRetries()}, so the control loop
 * can record it as an attempt.
 * A 400 whose message speaks of capacity ("insufficient capacity") is a {@link CapacityException}.
 *
 * <p>Errors ({@code {code, message, details}}) become messages a person can act on; the API key
 * appears in them, and in logs, only as its first 4 characters.
 */
public final class PaperspaceClient {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.paperspace.com/v1");

    private static final Logger log = LoggerFactory.getLogger(PaperspaceClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String apiKey;
    private final Duration readTimeout;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final RandomGenerator jitter;
    private final HttpClient http;
    private final ConcurrentLinkedQueue<ProviderRetry> retries = new ConcurrentLinkedQueue<>();

    /** A client with 10 s connect, 30 s read timeouts and the default retry policy, sleeping for real. */
    public PaperspaceClient(URI baseUrl, String apiKey) {
        this(baseUrl, apiKey, Duration.ofSeconds(10), Duration.ofSeconds(30), RetryPolicy.DEFAULT, Sleeper.REAL,
                RandomGenerator.getDefault());
    }

    public PaperspaceClient(URI baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout,
            RetryPolicy retryPolicy, Sleeper sleeper, RandomGenerator jitter) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("PAPERSPACE_API_KEY is empty: create a key in the Paperspace console (Team settings → API keys)");
        }
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.apiKey = apiKey;
        this.readTimeout = readTimeout;
        this.retryPolicy = retryPolicy;
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** The key as it may be shown (as the config's {@code Secret} shows it): its first 4 characters, and nothing of a short key. */
    public static String maskKey(String apiKey) {
        if (apiKey == null) {
            return "(none)";
        }
        return apiKey.length() >= 8 ? apiKey.substring(0, 4) + "****" : "****";
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public PaperspaceMachine getMachine(String machineId) throws ProviderException {
        return machine(call("GET", "/machines/" + encode(machineId), machineId, true));
    }

    /** Every machine of the account, following {@code nextPage} until {@code hasMore} is false. */
    public List<PaperspaceMachine> listMachines() throws ProviderException {
        List<PaperspaceMachine> all = new ArrayList<>();
        String after = null;
        // A bound on pages, so a server that always says hasMore cannot keep us here forever.
        for (int page = 0; page < 1000; page++) {
            MachinePage result = listMachines(100, after);
            all.addAll(result.items());
            if (!result.hasMore() || result.nextPage() == null || result.nextPage().equals(after)) {
                return all;
            }
            after = result.nextPage();
        }
        throw new ProviderException("Paperspace kept reporting more machine pages after 1000 pages; giving up", false);
    }

    public MachinePage listMachines(int limit, String after) throws ProviderException {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + encode(after));
        JsonNode body = call("GET", "/machines" + query, null, true);
        List<PaperspaceMachine> items = new ArrayList<>();
        body.path("items").forEach(node -> items.add(machine(node)));
        return new MachinePage(items, body.path("hasMore").asBoolean(false), text(body, "nextPage"));
    }

    public MachineAction start(String machineId) throws ProviderException {
        return action(machineId, "start");
    }

    public MachineAction stop(String machineId) throws ProviderException {
        return action(machineId, "stop");
    }

    public MachineAction restart(String machineId) throws ProviderException {
        return action(machineId, "restart");
    }

    /**
     * {@code GET /machine-availability?machineType=&region=}: whether a machine of this type can start in this region now
     * ({@code {"available": bool}}). Both parameters are required by the API.
     */
    public boolean isAvailable(String machineType, String region) throws ProviderException {
        String path = "/machine-availability?machineType=" + encode(machineType) + "&region=" + encode(region);
        JsonNode answer = call("GET", path, null, true).path("available");
        if (!answer.isBoolean()) {
            throw new ProviderException("Paperspace answered GET " + path + " without a boolean 'available'", false);
        }
        return answer.asBoolean();
    }

    /** The retries since the last call, oldest first; they are forgotten once taken. */
    public List<ProviderRetry> takeRetries() {
        List<ProviderRetry> taken = new ArrayList<>();
        for (ProviderRetry retry = retries.poll(); retry != null; retry = retries.poll()) {
            taken.add(retry);
        }
        return taken;
    }

    public PaperspaceEvent getEvent(String eventId) throws ProviderException {
        return event(call("GET", "/machine-events/" + encode(eventId), null, true));
    }

    private MachineAction action(String machineId, String action) throws ProviderException {
        JsonNode body = call("PATCH", "/machines/" + encode(machineId) + "/" + action, machineId, false);
        JsonNode event = body.path("event");
        return new MachineAction(machine(body.path("data")), event.isObject() ? event(event) : null);
    }

    /**
     * One API call with retries. {@code idempotent} calls are retried on 429, 5xx and connection
     * failures; the others only on 429.
     */
    private JsonNode call(String method, String path, String machineId, boolean idempotent) throws ProviderException {
        String what = method + " " + path;
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= retryPolicy.maxAttempts();
            HttpResponse<String> response;
            try {
                response = HttpDeadline.send(http, request(method, path), readTimeout);
            } catch (IOException e) {
                String failure = e instanceof HttpTimeoutException
                        ? "Paperspace did not answer " + what + " within " + describe(readTimeout)
                        : "could not reach Paperspace at " + baseUrl + " for " + what + ": " + describe(e);
                if (!idempotent || last) {
                    throw new ProviderException(failure + attemptsNote(attempt), true, e);
                }
                log.warn("{} (attempt {} of {}); retrying", failure, attempt, retryPolicy.maxAttempts());
                remember(method, path, new ProviderRetry(what, machineId, attempt, retryPolicy.maxAttempts(), failure));
                pause(retryPolicy.delayBefore(attempt, null, jitter.nextDouble()));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted during " + what, true, e);
            }
            int status = response.statusCode();
            log.debug("{} -> {}", what, status);
            if (status >= 200 && status < 300) {
                return parse(response.body(), what);
            }
            boolean retryable = status == 429 || status >= 500;
            Duration retryAfter = retryAfter(response);
            String failure = failure(status, response.body(), what, machineId);
            if (status == 400 && CapacityException.saysOutOfCapacity(failure)) {
                throw new CapacityException(failure);
            }
            boolean retryHere = status == 429 || (idempotent && status >= 500);
            if (!retryHere || last || !retryPolicy.willWait(retryAfter)) {
                throw new ProviderException(failure + (retryable ? attemptsNote(attempt) : ""), retryable);
            }
            Duration delay = retryPolicy.delayBefore(attempt, retryAfter, jitter.nextDouble());
            log.warn("{} (attempt {} of {}); retrying in {} ms", failure, attempt, retryPolicy.maxAttempts(), delay.toMillis());
            remember(method, path, new ProviderRetry(what, machineId, attempt, retryPolicy.maxAttempts(), failure));
            pause(delay);
        }
    }

    /**
     * Keeps the retries of actions and capacity checks, the steps of a scale-up; retries of the reads that every tick
     * polls are only logged, or a long outage would write a row per poll. Only the latest are kept: a client whose
     * retries nobody takes (a one-off command) must not grow without end.
     */
    private void remember(String method, String path, ProviderRetry retry) {
        if (method.equals("GET") && !path.startsWith("/machine-availability")) {
            return;
        }
        retries.add(retry);
        while (retries.size() > 100) {
            retries.poll();
        }
    }

    private HttpRequest request(String method, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(readTimeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
        if (method.equals("PATCH")) {
            return builder.header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).build();
        }
        return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private void pause(Duration delay) throws ProviderException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting to retry a Paperspace call", true, e);
        }
    }

    private String attemptsNote(int attempt) {
        return attempt > 1 ? " (after " + attempt + " attempts)" : "";
    }

    /** Turns an error answer into a sentence; the server's own message is kept, minus any copy of the key. */
    private String failure(int status, String body, String what, String machineId) {
        String message = null;
        String code = null;
        try {
            JsonNode node = JSON.readTree(body);
            message = text(node, "message");
            code = text(node, "code");
        } catch (IOException | RuntimeException e) {
            // Not JSON (e.g. a proxy's HTML page): fall back to the status alone.
        }
        String detail = message == null ? "" : ": " + redact(message);
        return switch (status) {
            case 401 -> "Paperspace refused the API key " + maskKey(apiKey)
                    + " (401" + detail + "); check PAPERSPACE_API_KEY (keys are made in the console under Team settings → API keys)";
            case 403 -> "the API key " + maskKey(apiKey) + " may not do " + what + " (403" + detail + ")";
            case 404 -> machineId != null
                    ? "Paperspace has no machine '" + machineId + "' visible to this API key (404" + detail
                            + "); check the machine id (PRIMARY_MACHINE_ID / SECONDARY_MACHINE_ID)"
                    : "Paperspace found nothing at " + what + " (404" + detail + ")";
            case 429 -> "Paperspace is rate limiting us on " + what + " (429" + detail + ")";
            default -> "Paperspace answered " + what + " with " + status + (code == null || code.equals(String.valueOf(status)) ? "" : " " + redact(code)) + detail;
        };
    }

    private String redact(String text) {
        return text.replace(apiKey, maskKey(apiKey));
    }

    private String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + redact(message));
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    private static Duration retryAfter(HttpResponse<String> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static JsonNode parse(String body, String what) throws ProviderException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ProviderException("Paperspace answered " + what + " with something that is not JSON", true, e);
        }
    }

    private static PaperspaceMachine machine(JsonNode node) {
        return new PaperspaceMachine(
                text(node, "id"),
                text(node, "name"),
                text(node, "state"),
                text(node, "machineType"),
                number(node, "usageRate"),
                number(node, "storageRate"),
                text(node, "privateIp"),
                text(node, "publicIp"),
                text(node, "region"));
    }

    private static PaperspaceEvent event(JsonNode node) {
        JsonNode error = node.path("error");
        String errorText = error.isObject() ? text(error, "message") : text(node, "error");
        return new PaperspaceEvent(text(node, "id"), text(node, "name"), text(node, "state"), errorText);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    /** Rates arrive as JSON numbers, but older shapes sent strings such as "0.51"; 0 when absent. */
    private static double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return value.isTextual() ? Double.parseDouble(value.asText()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
