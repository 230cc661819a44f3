package io.mcscale.cli.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real {@code bin/mcscale platform} processes for the fault scenarios, and a client for them.
 * {@link #close()} kills every process it started, also when a scenario fails.
 */
final class Rig implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration BOOT = Duration.ofSeconds(120);

    record Platform(String id, int port, Process process, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    record Answer(int status, JsonNode body, long millis, HttpResponse<String> raw) {
    }

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Rig(Path dir) {
        this.dir = dir;
    }

    /** The repository root: failsafe runs in the cli module's folder. */
    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("bin/mcscale")) ? here : here.getParent();
    }

    static String binMcscale() {
        return repositoryRoot().resolve("bin/mcscale").toString();
    }

    /** Starts a platform with the default lease and heartbeat and waits until its health answers 200. */
    Platform platform(String id, List<String> storeOptions, String... more) throws IOException {
        return platform(id, FreePorts.next(), storeOptions, more);
    }

    Platform platform(String id, int port, List<String> storeOptions, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(binMcscale(), "platform", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--instance-id", id));
        command.addAll(storeOptions);
        command.addAll(List.of(more));
        // Kept in cli/target/faults/logs (not the test's temporary folder) so a failed scenario can be read afterwards.
        Path logs = Files.createDirectories(repositoryRoot().resolve("cli/target/faults/logs"));
        Path log = logs.resolve(dir.getFileName() + "-" + id + "-" + processes.size() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        Platform platform = new Platform(id, port, process, log);
        await().atMost(BOOT).ignoreExceptions().until(() -> get(platform, "/api/health", null).status() == 200);
        return platform;
    }

    Process track(Process process) {
        processes.add(process);
        return process;
    }

    Answer get(Platform platform, String path, String user) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(platform.url() + path)).timeout(Duration.ofSeconds(10)).GET();
        if (user != null) {
            request.header("X-User-Id", user);
        }
        return send(request.build());
    }

    Answer submit(Platform platform, String user, String body, String idempotencyKey) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(platform.url() + "/api/simulations")).timeout(Duration.ofSeconds(10))
                .header("X-User-Id", user).header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    /** Submits {@code count} small pi simulations as {@code user}, each of which must be accepted (202), into {@code ledger}. */
    void submitAccepted(Platform platform, Ledger ledger, String user, String keyPrefix, int count) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            Answer answer = submit(platform, user, pi(300_000, i), keyPrefix + "-" + i);
            if (answer.status() != 202) {
                throw new AssertionError("submission " + keyPrefix + "-" + i + " answered " + answer.status() + ": " + answer.body());
            }
            ledger.accepted(user, answer.body().path("id").asText());
        }
    }

    Answer send(HttpRequest request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonNode body = response.body().startsWith("{") ? JSON.readTree(response.body()) : JSON.createObjectNode();
        return new Answer(response.statusCode(), body, millis, response);
    }

    JsonNode simulation(Platform platform, String user, String id) throws IOException, InterruptedException {
        return get(platform, "/api/simulations/" + id, user).body();
    }

    /** Every simulation of each user as {@code platform} lists them, page by page. */
    Map<String, List<JsonNode>> listAll(Platform platform, Iterable<String> users) throws IOException, InterruptedException {
        Map<String, List<JsonNode>> byUser = new HashMap<>();
        for (String user : users) {
            List<JsonNode> all = new ArrayList<>();
            int offset = 0;
            for (int page = 0; page < 1000; page++) {
                JsonNode body = get(platform, "/api/simulations?limit=100&offset=" + offset, user).body();
                body.path("simulations").forEach(all::add);
                if (body.path("next_offset").isNull() || body.path("next_offset").isMissingNode()) {
                    break;
                }
                offset = body.path("next_offset").asInt();
            }
            byUser.put(user, all);
        }
        return byUser;
    }

    /** Waits until none of the ledger's simulations is queued or running, as {@code platform} sees them. */
    void awaitAllFinal(Platform platform, Ledger ledger, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                listAll(platform, ledger.users()).values().stream().flatMap(List::stream)
                        .map(job -> job.path("status").asText()).noneMatch(s -> s.equals("queued") || s.equals("running")));
    }

    static String pi(long paths, int seed) {
        return "{\"model\":\"pi\",\"parameters\":{},\"paths\":" + paths + ",\"seed\":" + seed + "}";
    }

    /** Kill -9: the JVM gets no chance to release its simulations (bin/mcscale execs java, so this is the JVM). */
    static void killHard(Platform platform) throws InterruptedException {
        platform.process().destroyForcibly();
        platform.process().waitFor();
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        for (Process process : processes) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
