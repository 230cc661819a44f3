package io.mcscale.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Simulated users against a platform: each user, with its own {@code X-User-Id}, submits a
 * simulation, polls it until it finishes, and starts the next. The number of active users can be
 * changed at any time ({@link #setActiveUsers}), so a caller can ramp up, hold and ramp down; a
 * user told to rest first sees its current simulation through, so ramping down loses nothing.
 *
 * <pre>{@code
 * try (var load = new LoadGenerator(LoadGenerator.Settings.of(URI.create("http://127.0.0.1:8080"), "pi", 10_000))) {
 *     load.setActiveUsers(8);   // ... later
 *     load.setActiveUsers(2);
 *     LoadReport report = load.stop(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    /**
     * @param baseUrl the platform (or the load balancer in front), e.g. {@code http://127.0.0.1:8000}
     * @param model the model each simulation runs
     * @param parametersJson its parameters as a JSON object
     * @param paths paths per simulation
     * @param pollInterval pause between polls of a running simulation
     * @param requestTimeout how long one request may take before it counts as an error
     * @param userPrefix users are named {@code <prefix>-1}, {@code <prefix>-2}, ...
     */
    public record Settings(URI baseUrl, String model, String parametersJson, long paths, Duration pollInterval,
            Duration requestTimeout, String userPrefix) {
        public static Settings of(URI baseUrl, String model, long paths) {
            return new Settings(baseUrl, model, "{}", paths, Duration.ofMillis(100), Duration.ofSeconds(10), "load-user");
        }

        public Settings withParameters(String json) {
            return new Settings(baseUrl, model, json, paths, pollInterval, requestTimeout, userPrefix);
        }

        public Settings withPollInterval(Duration interval) {
            return new Settings(baseUrl, model, parametersJson, paths, interval, requestTimeout, userPrefix);
        }

        public Settings withUserPrefix(String prefix) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, requestTimeout, prefix);
        }
    }

    private final Settings settings;
    private final String submitBody;
    private final HttpClient http;
    private final List<Thread> users = new ArrayList<>();
    private final Object activity = new Object();
    private volatile int activeUsers;
    private volatile boolean stopping;
    private volatile long settleDeadlineNanos = Long.MAX_VALUE;
    private final long startNanos = System.nanoTime();
    private volatile long stopNanos;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Set<String> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final Histogram submitMicros = new Histogram(MAX_MICROS, 3);
    private final Histogram pollMicros = new Histogram(MAX_MICROS, 3);
    private final Histogram allMicros = new Histogram(MAX_MICROS, 3);
    private final Histogram simulationMicros = new Histogram(MAX_MICROS, 3);

    public LoadGenerator(Settings settings) {
        this.settings = settings;
        try {
            var body = JSON.createObjectNode().put("model", settings.model());
            body.set("parameters", JSON.readTree(settings.parametersJson()));
            body.put("paths", settings.paths());
            this.submitBody = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("parameters must be a JSON object: " + e.getMessage(), e);
        }
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout()).build();
    }

    /** Makes {@code count} users active; more start at once, the surplus rest after their current simulation. */
    public void setActiveUsers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("users must be 0 or more, got " + count);
        }
        synchronized (activity) {
            while (users.size() < count && !stopping) {
                int index = users.size();
                Thread user = new Thread(() -> userLoop(index), settings.userPrefix() + "-" + (index + 1));
                user.setDaemon(true);
                users.add(user);
                user.start();
            }
            activeUsers = count;
            activity.notifyAll();
        }
    }

    public int activeUsers() {
        return activeUsers;
    }

    /** The figures so far, while the load runs. */
    public LoadReport snapshot() {
        return report(System.nanoTime(), outstanding.size());
    }

    /**
     * Stops submitting and gives the simulations in flight up to {@code settle} to finish; those
     * still unfinished then count as lost.
     */
    public LoadReport stop(Duration settle) {
        long now = System.nanoTime();
        if (!stopping) {
            stopNanos = now;
            settleDeadlineNanos = now + settle.toNanos();
            stopping = true;
            synchronized (activity) {
                activity.notifyAll();
            }
        }
        List<Thread> all;
        synchronized (activity) {
            all = new ArrayList<>(users);
        }
        for (Thread user : all) {
            try {
                user.join(Math.max(1, settle.toMillis() + settings.requestTimeout().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return report(stopNanos, outstanding.size());
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    private LoadReport report(long untilNanos, long lost) {
        double seconds = (untilNanos - startNanos) / 1e9;
        long sent = requests.get();
        return new LoadReport(seconds, sent, seconds > 0 ? sent / seconds : 0, submitted.get(), accepted.get(), succeeded.get(),
                failed.get(), throttled.get(), errors.get(), lost, summary(submitMicros), summary(pollMicros),
                summary(allMicros), summary(simulationMicros));
    }

    private void userLoop(int index) {
        String user = settings.userPrefix() + "-" + (index + 1);
        while (!stopping) {
            synchronized (activity) {
                while (index >= activeUsers && !stopping) {
                    try {
                        activity.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (stopping) {
                return;
            }
            runOneSimulation(user);
        }
    }

    private void runOneSimulation(String user) {
        long submittedAt = System.nanoTime();
        Answer answer = send(user, HttpRequest.newBuilder(settings.baseUrl().resolve("/api/simulations"))
                .POST(HttpRequest.BodyPublishers.ofString(submitBody)).header("Content-Type", "application/json"), submitMicros);
        submitted.incrementAndGet();
        if (answer == null) {
            pause(settings.pollInterval());
            return;
        }
        if (answer.status() == 429) {
            throttled.incrementAndGet();
            pause(Duration.ofSeconds(Math.max(1, answer.retryAfterSeconds())));
            return;
        }
        if (answer.status() != 202 || answer.body() == null || !answer.body().hasNonNull("id")) {
            errors.incrementAndGet();
            pause(settings.pollInterval());
            return;
        }
        String id = answer.body().get("id").asText();
        accepted.incrementAndGet();
        outstanding.add(id);
        URI simulation = settings.baseUrl().resolve("/api/simulations/" + id);
        while (System.nanoTime() - settleDeadlineNanos < 0) {
            pause(settings.pollInterval());
            Answer poll = send(user, HttpRequest.newBuilder(simulation).GET(), pollMicros);
            if (poll == null || poll.status() != 200 || poll.body() == null) {
                if (poll != null && poll.status() != 429) {
                    errors.incrementAndGet();
                }
                continue;
            }
            String status = poll.body().path("status").asText();
            if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
                outstanding.remove(id);
                (status.equals("succeeded") ? succeeded : failed).incrementAndGet();
                record(simulationMicros, (System.nanoTime() - submittedAt) / 1000);
                return;
            }
        }
    }

    private record Answer(int status, JsonNode body, long retryAfterSeconds) {
    }

    private Answer send(String user, HttpRequest.Builder request, Histogram kind) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.header("X-User-Id", user).timeout(settings.requestTimeout()).build(),
                    HttpResponse.BodyHandlers.ofString());
            long micros = Math.min(MAX_MICROS, (System.nanoTime() - started) / 1000);
            record(kind, micros);
            record(allMicros, micros);
            requests.incrementAndGet();
            JsonNode body = response.body().startsWith("{") ? JSON.readTree(response.body()) : null;
            long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(1);
            return new Answer(response.statusCode(), body, retryAfter);
        } catch (IOException e) {
            requests.incrementAndGet();
            errors.incrementAndGet();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Histograms are read while users record into them, so both hold the histogram's lock (uncontended, cheap). */
    private static void record(Histogram histogram, long micros) {
        synchronized (histogram) {
            histogram.recordValue(Math.min(MAX_MICROS, Math.max(0, micros)));
        }
    }

    private static LatencySummary summary(Histogram histogram) {
        Histogram copy;
        synchronized (histogram) {
            copy = histogram.copy();
        }
        return LatencySummary.of(copy);
    }

    private void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis()); // a simulated user's think time between requests
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
