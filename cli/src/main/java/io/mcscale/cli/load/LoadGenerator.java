package io.mcscale.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcscale.platform.job.JobStatus;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Simulated users against a platform: each user, with its own {@code X-User-Id}, submits a
 * simulation, polls it until it finishes (or, with {@link Settings#withWait}, waits for it as a
 * browser does), pauses for its think time, and starts the next. It is both {@code mcscale load}
 * and the demo's users. The number of active users can be
 * changed at any time ({@link #setActiveUsers}), so a caller can ramp up, hold and ramp down; a
 * user told to rest first sees its current simulation through, so ramping down loses nothing.
 * {@link #startMeasuring} drops the figures of a warm-up.
 *
 * <p>Each user is a thread with a blocking, pooled HTTP client: on a machine shared with the
 * platform under test, the load generator's own CPU per request is kept small (the JDK's
 * asynchronous client spent more CPU per request than the platform answering it).
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
    private static final int MAX_CONNECTIONS = 4_096;
    /** A request whose connection closed before any answer, or that timed out, is sent again, at most this many times in all. */
    private static final int MAX_SENDS = 3;
    /** How many failure descriptions are kept for {@link #firstFailures}. */
    private static final int KEPT_FAILURES = 5;

    /**
     * @param baseUrl the platform (or the load balancer in front), e.g. {@code http://127.0.0.1:8000}
     * @param model the model each simulation runs
     * @param parametersJson its parameters as a JSON object
     * @param paths paths per simulation (see also {@link #setPaths})
     * @param pollInterval pause between polls of a running simulation (and after an error)
     * @param requestTimeout how long one request may take before it counts as an error
     * @param userPrefix users are named {@code <prefix>-1}, {@code <prefix>-2}, ...
     * @param waitSeconds 0 to poll; otherwise each request asks the platform to hold the answer until the
     *     simulation finishes, at most this long ({@code ?wait=}), as a browser waiting for its result does
     * @param thinkTime a user's pause between one simulation and the next
     */
    public record Settings(URI baseUrl, String model, String parametersJson, long paths, Duration pollInterval,
            Duration requestTimeout, String userPrefix, int waitSeconds, Duration thinkTime) {
        public static Settings of(URI baseUrl, String model, long paths) {
            return new Settings(baseUrl, model, "{}", paths, Duration.ofMillis(100), Duration.ofSeconds(10), "load-user", 0,
                    Duration.ZERO);
        }

        public Settings withParameters(String json) {
            return new Settings(baseUrl, model, json, paths, pollInterval, requestTimeout, userPrefix, waitSeconds, thinkTime);
        }

        public Settings withPollInterval(Duration interval) {
            return new Settings(baseUrl, model, parametersJson, paths, interval, requestTimeout, userPrefix, waitSeconds, thinkTime);
        }

        public Settings withUserPrefix(String prefix) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, requestTimeout, prefix, waitSeconds, thinkTime);
        }

        /** Long-polls with {@code ?wait=seconds} instead of polling; a request may then take that long and 30 s more. */
        public Settings withWait(int seconds) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, Duration.ofSeconds(seconds + 30L), userPrefix,
                    seconds, thinkTime);
        }

        public Settings withRequestTimeout(Duration timeout) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, timeout, userPrefix, waitSeconds, thinkTime);
        }

        public Settings withThinkTime(Duration pause) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, requestTimeout, userPrefix, waitSeconds, pause);
        }
    }

    private final Settings settings;
    private final ObjectNode submitTemplate;
    private volatile long paths;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient http;
    private final List<Thread> users = new ArrayList<>();
    private final Object activity = new Object();
    private volatile int activeUsers;
    private volatile boolean stopping;
    private volatile long settleDeadlineNanos = Long.MAX_VALUE;
    /**
     * Guards the figures below: users record while the figures are read or reset. One lock, taken a few times
     * per request, costs nothing next to the request.
     */
    private final Object figures = new Object();
    private volatile long measuredFromNanos = System.nanoTime();
    private volatile long stopNanos;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final Set<String> outstanding = ConcurrentHashMap.newKeySet();
    private final Set<String> instancesThatRan = ConcurrentHashMap.newKeySet();
    private final Set<String> instancesThatAnswered = ConcurrentHashMap.newKeySet();
    private final List<String> firstFailures = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final Histogram submitMicros = new Histogram(MAX_MICROS, 3);
    private final Histogram pollMicros = new Histogram(MAX_MICROS, 3);
    private final Histogram allMicros = new Histogram(MAX_MICROS, 3);
    private final Histogram simulationMicros = new Histogram(MAX_MICROS, 3);

    public LoadGenerator(Settings settings) {
        this.settings = settings;
        this.paths = settings.paths();
        try {
            this.submitTemplate = JSON.createObjectNode().put("model", settings.model());
            submitTemplate.set("parameters", JSON.readTree(settings.parametersJson()));
        } catch (IOException e) {
            throw new IllegalArgumentException("parameters must be a JSON object: " + e.getMessage(), e);
        }
        Timeout timeout = Timeout.of(settings.requestTimeout());
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                .build();
        // No automatic retries: a 429, a 503 or a failed connection must show in the figures, not be hidden. The one
        // resend this class makes itself (see send) is counted apart.
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
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

    /** The size of the simulations users submit from now on: big ones load the machine, small ones barely. */
    public void setPaths(long newPaths) {
        this.paths = newPaths;
    }

    /** The {@code instance_id}s that ran the users' simulations. */
    public Set<String> instancesThatRan() {
        return Set.copyOf(instancesThatRan);
    }

    /** The instances that answered the users' requests (their {@code X-Instance-Id}): where a balancer routed them. */
    public Set<String> instancesThatAnswered() {
        return Set.copyOf(instancesThatAnswered);
    }

    /** What went wrong first (up to 5 errors), for a person to read. */
    public List<String> firstFailures() {
        return List.copyOf(firstFailures);
    }

    /**
     * Forgets the figures so far (a warm-up's): requests and simulations started from now on are
     * counted. Simulations already in flight still count as lost if they never finish.
     */
    public void startMeasuring() {
        // The start is read under the lock, so an event started after it cannot have been recorded before the reset.
        synchronized (figures) {
            measuredFromNanos = System.nanoTime();
            for (AtomicLong counter : List.of(requests, submitted, succeeded, failed, throttled, errors, resent, accepted)) {
                counter.set(0);
            }
            for (Histogram histogram : List.of(submitMicros, pollMicros, allMicros, simulationMicros)) {
                histogram.reset();
            }
        }
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
        try {
            http.close();
        } catch (IOException e) {
            // nothing to do: the connections are closing anyway
        }
    }

    private LoadReport report(long untilNanos, long lost) {
        double seconds = (untilNanos - measuredFromNanos) / 1e9;
        long sent = requests.get();
        return new LoadReport(seconds, sent, seconds > 0 ? sent / seconds : 0, submitted.get(), accepted.get(), succeeded.get(),
                failed.get(), throttled.get(), errors.get(), resent.get(), lost, summary(submitMicros), summary(pollMicros),
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
            pause(settings.thinkTime());
        }
    }

    private void runOneSimulation(String user) {
        long submittedAt = System.nanoTime();
        String wait = settings.waitSeconds() > 0 ? "?wait=" + settings.waitSeconds() : "";
        var submit = new HttpPost(settings.baseUrl().resolve("/api/simulations" + wait));
        submit.setEntity(new StringEntity(submitTemplate.deepCopy().put("paths", paths).toString(), ContentType.APPLICATION_JSON));
        // With the key a resend (see send) is answered with the simulation the first attempt made, if it made one.
        submit.setHeader("Idempotency-Key", UUID.randomUUID().toString());
        Answer answer = send(user, submit, submitMicros);
        count(submitted, submittedAt);
        if (answer == null) {
            pause(settings.pollInterval());
            return;
        }
        // 429 (a quota) and 503 with Retry-After (the platform shedding load) both say: not taken, come back later.
        if (answer.status() == 429 || answer.status() == 503) {
            count(throttled, submittedAt);
            pause(Duration.ofSeconds(Math.max(1, answer.retryAfterSeconds())));
            return;
        }
        // 202 while it runs; with ?wait, 200 when it finished within the wait.
        if ((answer.status() != 202 && answer.status() != 200) || answer.body() == null || !answer.body().hasNonNull("id")) {
            count(errors, submittedAt);
            failure("POST /api/simulations answered " + answer.status() + " " + answer.body());
            pause(settings.pollInterval());
            return;
        }
        String id = answer.body().get("id").asText();
        count(accepted, submittedAt);
        outstanding.add(id);
        URI simulation = settings.baseUrl().resolve("/api/simulations/" + id + wait);
        JsonNode latest = answer.body();
        while (!JobStatus.isFinalWord(latest.path("status").asText())) {
            if (System.nanoTime() - settleDeadlineNanos >= 0) {
                return; // given up on: it stays outstanding, so it counts as lost
            }
            if (wait.isEmpty()) {
                pause(settings.pollInterval());
            }
            long polledAt = System.nanoTime();
            Answer poll = send(user, new HttpGet(simulation), pollMicros);
            if (poll == null || poll.status() != 200 || poll.body() == null) {
                if (poll != null && poll.status() != 429) {
                    count(errors, polledAt);
                    failure("GET /api/simulations/" + id + " answered " + poll.status() + " " + poll.body());
                }
                if (!wait.isEmpty()) {
                    pause(settings.pollInterval()); // a waiting request has no pause of its own before the next one
                }
                continue;
            }
            latest = poll.body();
        }
        outstanding.remove(id);
        String status = latest.path("status").asText();
        count(status.equals(JobStatus.SUCCEEDED.word()) ? succeeded : failed, submittedAt);
        record(simulationMicros, submittedAt);
        if (latest.hasNonNull("instance_id")) {
            instancesThatRan.add(latest.get("instance_id").asText());
        }
    }

    private void failure(String what) {
        if (firstFailures.size() < KEPT_FAILURES) {
            firstFailures.add(what);
        }
    }

    private record Answer(int status, JsonNode body, long retryAfterSeconds) {
    }

    private Answer send(String user, HttpUriRequestBase request, Histogram kind) {
        request.setHeader("X-User-Id", user);
        long started = System.nanoTime();
        try {
            Answer answer = null;
            for (int attempt = 1; answer == null; attempt++) {
                try {
                    answer = exchange(request);
                } catch (NoHttpResponseException | SocketTimeoutException e) {
                    // The connection closed before any byte of an answer, as when nginx reloads and closes its idle
                    // keep-alive connections (every scale up or down), or no answer came within the request timeout.
                    // Browsers send such a request again; so do we, on a new connection (the other idle ones were
                    // closed by the same reload). A submission carries its Idempotency-Key, so a resend of one that
                    // was in fact accepted is answered with that simulation: none is left unknown.
                    if (attempt == MAX_SENDS) {
                        throw e;
                    }
                    count(resent, started);
                    connections.closeIdle(TimeValue.ZERO_MILLISECONDS);
                }
            }
            record(kind, started);
            record(allMicros, started);
            count(requests, started);
            return answer;
        } catch (IOException e) {
            count(requests, started);
            count(errors, started);
            failure(request.getMethod() + " " + request.getRequestUri() + " failed: " + e);
            return null;
        }
    }

    private Answer exchange(HttpUriRequestBase request) throws IOException {
        // The handler reads the whole body, which gives the connection back to the pool for the next request.
        return http.execute(request, response -> {
            Header instance = response.getFirstHeader("X-Instance-Id");
            if (instance != null) {
                instancesThatAnswered.add(instance.getValue());
            }
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            Header retryAfter = response.getFirstHeader("Retry-After");
            return new Answer(response.getCode(), body.startsWith("{") ? JSON.readTree(body) : null,
                    retryAfter == null ? 1 : parseSeconds(retryAfter.getValue()));
        });
    }

    private static long parseSeconds(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 1; // an HTTP date: waiting a second and asking again is good enough for a load generator
        }
    }

    /** Counts an event of something started at {@code startedNanos}, unless that was before the measurement began. */
    private void count(AtomicLong counter, long startedNanos) {
        synchronized (figures) {
            if (startedNanos - measuredFromNanos >= 0) {
                counter.incrementAndGet();
            }
        }
    }

    /** Records the time since {@code startedNanos}, unless that was before the measurement began. */
    private void record(Histogram histogram, long startedNanos) {
        long micros = (System.nanoTime() - startedNanos) / 1000;
        synchronized (figures) {
            if (startedNanos - measuredFromNanos >= 0) {
                histogram.recordValue(Math.min(MAX_MICROS, Math.max(0, micros)));
            }
        }
    }

    private LatencySummary summary(Histogram histogram) {
        Histogram copy;
        synchronized (figures) {
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
