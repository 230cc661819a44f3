package io.mcscale.cli.demo;

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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's users: each one submits a pi simulation through nginx, waits for its result
 * ({@code ?wait}), pauses, and goes again. {@link #setUsers} ramps them up and down. Every HTTP
 * request is counted; one that does not end in a 2xx is a failed request. Every accepted
 * simulation is remembered, so {@link #lostSimulations} can check at the end that each one
 * succeeded, wherever it ran.
 */
public final class DemoLoad implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PAUSE = Duration.ofMillis(300);

    private final URI base;
    private volatile long paths;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<User> users = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private final AtomicLong resentRequests = new AtomicLong();
    private final Map<String, String> simulations = new ConcurrentHashMap<>();
    private final Set<String> instances = ConcurrentHashMap.newKeySet();
    private final Set<String> servedBy = ConcurrentHashMap.newKeySet();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    /** @param paths the size of each pi simulation at first (see {@link #setPaths}) */
    public DemoLoad(URI base, long paths) {
        this.base = base;
        this.paths = paths;
    }

    /** One virtual user; stopping it lets it finish the simulation it waits for. */
    private static final class User {
        volatile boolean running = true;
        Thread thread;
    }

    /** Starts or stops users until {@code count} run; a stopped user finishes its simulation first. */
    public synchronized void setUsers(int count) {
        while (users.size() < count) {
            String name = "demo-user-" + (users.size() + 1);
            User user = new User();
            user.thread = new Thread(() -> runUser(name, user), name);
            user.thread.setDaemon(true);
            users.add(user);
            user.thread.start();
        }
        while (users.size() > count) {
            users.remove(users.size() - 1).running = false;
        }
    }

    /** The size of the simulations users submit from now on: big ones load the machine, small ones barely. */
    public void setPaths(long paths) {
        this.paths = paths;
    }

    public synchronized int users() {
        return users.size();
    }

    public long requests() {
        return requests.get();
    }

    public long failedRequests() {
        return failedRequests.get();
    }

    public long simulations() {
        return simulations.size();
    }

    /** The {@code instance_id}s that ran the users' simulations. */
    public Set<String> instances() {
        return Set.copyOf(instances);
    }

    /** The instances that answered the users' requests (their {@code X-Instance-Id}): where nginx routed them. */
    public Set<String> servedBy() {
        return Set.copyOf(servedBy);
    }

    /** The first failures, for the report. */
    public List<String> failures() {
        return List.copyOf(failures.subList(0, Math.min(5, failures.size())));
    }

    /** Asks for every accepted simulation again (through nginx) and counts those that did not succeed. */
    public long lostSimulations() {
        long lost = 0;
        for (Map.Entry<String, String> simulation : simulations.entrySet()) {
            JsonNode job = send(HttpRequest.newBuilder(base.resolve("/api/simulations/" + simulation.getKey() + "?wait=60"))
                    .header("X-User-Id", simulation.getValue()).timeout(Duration.ofSeconds(90)).GET().build());
            if (job == null || !"succeeded".equals(job.path("status").asText())) {
                lost++;
                failure("simulation " + simulation.getKey() + " did not succeed: " + (job == null ? "no answer" : job.path("status").asText()));
            }
        }
        return lost;
    }

    private void runUser(String user, User self) {
        long seed = 1;
        while (self.running) {
            String body = "{\"model\":\"pi\",\"paths\":" + paths + ",\"seed\":" + seed++ + "}";
            // The key makes a resend (see sendOnce) safe: the platform answers it with the simulation it already made.
            JsonNode job = send(HttpRequest.newBuilder(base.resolve("/api/simulations?wait=60"))
                    .header("X-User-Id", user).header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
            if (job != null) {
                String id = job.path("id").asText();
                simulations.put(id, user);
                // A result not ready within the wait: ask again until it is final.
                while (job != null && !isFinal(job.path("status").asText())) {
                    job = send(HttpRequest.newBuilder(base.resolve("/api/simulations/" + id + "?wait=60"))
                            .header("X-User-Id", user).timeout(Duration.ofSeconds(90)).GET().build());
                }
                if (job != null && !job.path("instance_id").isNull()) {
                    instances.add(job.path("instance_id").asText());
                }
            }
            try {
                // A user's think time between simulations.
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean isFinal(String status) {
        return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
    }

    /** Sends one request; returns its JSON when it answered 2xx, else counts a failed request and returns null. */
    private JsonNode send(HttpRequest request) {
        requests.incrementAndGet();
        try {
            HttpResponse<String> response = sendOnce(request);
            if (response.statusCode() / 100 == 2) {
                response.headers().firstValue("X-Instance-Id").ifPresent(servedBy::add);
                return JSON.readTree(response.body());
            }
            failedRequests.incrementAndGet();
            failure(request.method() + " " + request.uri().getPath() + " -> " + response.statusCode() + " " + response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.decrementAndGet();
        } catch (Exception e) {
            failedRequests.incrementAndGet();
            failure(request.method() + " " + request.uri().getPath() + " -> " + e);
        }
        return null;
    }

    /**
     * Sends a request, once more when a kept-alive connection was closed before any byte of an answer came back.
     * nginx closes its idle keep-alive connections when it reloads (every scale up or down), and a request that
     * races that close was never read by nginx, so browsers resend it; the JDK client does so only for GET. A
     * submission carries an Idempotency-Key, so even one that did reach the platform is not queued twice.
     */
    private HttpResponse<String> sendOnce(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            resentRequests.incrementAndGet();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Requests sent again after nginx closed their idle connection on a reload (see {@link #sendOnce}). */
    public long resentRequests() {
        return resentRequests.get();
    }

    private void failure(String what) {
        if (failures.size() < 20) {
            failures.add(what);
        }
    }

    /** Stops every user and waits (up to {@code max}) for their last simulations, so the counts are final. */
    public void stop(Duration max) throws InterruptedException {
        List<User> stopping;
        synchronized (this) {
            stopping = List.copyOf(users);
            setUsers(0);
        }
        long deadline = System.nanoTime() + max.toNanos();
        for (User user : stopping) {
            user.thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    @Override
    public void close() {
        setUsers(0);
    }
}
