package io.mcscale.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcscale.platform.job.JobStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * The users' threads and each one's session: submit a simulation, follow it until it finishes, think,
 * and start the next, while it is among the active users. A user told to rest sees its current
 * simulation through; one still unfinished at the settle deadline stays {@link #outstanding}.
 */
final class SimulatedUsers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadGenerator.Settings settings;
    private final ObjectNode submitTemplate;
    private final LoadHttpClient http;
    private final LoadFigures figures;
    private volatile long paths;
    private final List<Thread> users = new ArrayList<>();
    private final Object activity = new Object();
    private volatile int activeUsers;
    private volatile boolean stopping;
    private volatile long settleDeadlineNanos = Long.MAX_VALUE;
    private volatile long stopNanos;
    private final Set<String> outstanding = ConcurrentHashMap.newKeySet();

    SimulatedUsers(LoadGenerator.Settings settings, ObjectNode submitTemplate, LoadHttpClient http, LoadFigures figures) {
        this.settings = settings;
        this.submitTemplate = submitTemplate;
        this.http = http;
        this.figures = figures;
        this.paths = settings.paths();
    }

    /** The body every submission starts from: the model and its parameters, checked before any connection is made. */
    static ObjectNode submitTemplate(LoadGenerator.Settings settings) {
        try {
            ObjectNode template = JSON.createObjectNode().put("model", settings.model());
            template.set("parameters", JSON.readTree(settings.parametersJson()));
            return template;
        } catch (IOException e) {
            throw new IllegalArgumentException("parameters must be a JSON object: " + e.getMessage(), e);
        }
    }

    void setActiveUsers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("users must be 0 or more, got " + count);
        }
        if (!settings.keyedUsers().isEmpty() && count > settings.keyedUsers().size()) {
            throw new IllegalArgumentException("users must be at most the " + settings.keyedUsers().size() + " users with keys, got " + count);
        }
        synchronized (activity) {
            while (users.size() < count && !stopping) {
                int index = users.size();
                Thread user = new Thread(() -> userLoop(index), "load-" + settings.user(index).name());
                user.setDaemon(true);
                users.add(user);
                user.start();
            }
            activeUsers = count;
            activity.notifyAll();
        }
    }

    int activeUsers() {
        return activeUsers;
    }

    void setPaths(long newPaths) {
        this.paths = newPaths;
    }

    /** The simulations accepted and not yet seen finished. */
    int outstanding() {
        return outstanding.size();
    }

    /** Stops submitting, waits for the users up to {@code settle} (and a request's timeout); returns when it stopped. */
    long stop(Duration settle) {
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
        return stopNanos;
    }

    private void userLoop(int index) {
        LoadUser user = settings.user(index);
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

    private void runOneSimulation(LoadUser user) {
        long submittedAt = System.nanoTime();
        String wait = settings.waitSeconds() > 0 ? "?wait=" + settings.waitSeconds() : "";
        var submit = new HttpPost(settings.baseUrl().resolve("/api/simulations" + wait));
        submit.setEntity(new StringEntity(submitTemplate.deepCopy().put("paths", paths).toString(), ContentType.APPLICATION_JSON));
        // With the key a resend (see LoadHttpClient.send) is answered with the simulation the first attempt made, if it made one.
        submit.setHeader("Idempotency-Key", UUID.randomUUID().toString());
        LoadHttpClient.Answer answer = http.send(user, submit, figures.submitMicros);
        figures.count(figures.submitted, submittedAt);
        if (answer == null) {
            pause(settings.pollInterval());
            return;
        }
        // 429 (a quota) and 503 with Retry-After (the platform shedding load) both say: not taken, come back later.
        if (answer.status() == 429 || answer.status() == 503) {
            figures.count(figures.throttled, submittedAt);
            pause(Duration.ofSeconds(Math.max(1, answer.retryAfterSeconds())));
            return;
        }
        // 202 while it runs; with ?wait, 200 when it finished within the wait.
        if ((answer.status() != 202 && answer.status() != 200) || answer.body() == null || !answer.body().hasNonNull("id")) {
            figures.count(figures.errors, submittedAt);
            figures.failure("POST /api/simulations answered " + answer.status() + " " + answer.body());
            pause(settings.pollInterval());
            return;
        }
        String id = answer.body().get("id").asText();
        figures.count(figures.accepted, submittedAt);
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
            LoadHttpClient.Answer poll = http.send(user, new HttpGet(simulation), figures.pollMicros);
            if (poll == null || poll.status() != 200 || poll.body() == null) {
                if (poll != null && poll.status() != 429) {
                    figures.count(figures.errors, polledAt);
                    figures.failure("GET /api/simulations/" + id + " answered " + poll.status() + " " + poll.body());
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
        figures.count(status.equals(JobStatus.SUCCEEDED.word()) ? figures.succeeded : figures.failed, submittedAt);
        figures.record(figures.simulationMicros, submittedAt);
        if (latest.hasNonNull("instance_id")) {
            figures.instancesThatRan.add(latest.get("instance_id").asText());
        }
    }

    private static void pause(Duration duration) {
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
