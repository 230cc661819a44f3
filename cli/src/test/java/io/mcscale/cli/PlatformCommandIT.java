package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/mcscale platform} and {@code load} as launchers run them: several processes sharing one data dir. */
class PlatformCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private record Instance(Process process, int port, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private Instance launch(String id) throws IOException {
        int port = FreePorts.next();
        Path log = dir.resolve(id + ".log");
        Process process = new ProcessBuilder(BinMcscale.repositoryRoot().resolve("bin/mcscale").toString(), "platform",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString(),
                "--instance-id", id, "--workers", "1", "--grace-seconds", "30")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        var instance = new Instance(process, port, log);
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> get(instance, "/api/health", null).statusCode() == 200);
        return instance;
    }

    private HttpResponse<String> get(Instance instance, String path, String user) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(instance.url() + path)).GET();
        if (user != null) {
            request.header("X-User-Id", user);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode submit(Instance instance, String user, long paths, String query) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(instance.url() + "/api/simulations" + query)).header("X-User-Id", user)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"pi\",\"paths\":" + paths + ",\"seed\":7}")).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void twoInstancesShareOneDataDirAndSigtermDrainsTheRunningSimulationBeforeExiting() throws Exception {
        Instance a = launch("node-a");
        Instance b = launch("node-b");
        assertThat(Files.readString(a.log(), StandardCharsets.UTF_8)).contains("platform listening on http://127.0.0.1:" + a.port());

        JsonNode done = submit(a, "alice", 100_000, "?wait=60");
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        JsonNode seenFromB = JSON.readTree(get(b, "/api/simulations/" + done.get("id").asText(), "alice").body());
        assertThat(seenFromB.get("result")).isEqualTo(done.get("result"));

        // A long simulation on a, then SIGTERM: a drains, finishes it, and exits.
        JsonNode longJob = submit(a, "bob", 150_000_000, "");
        String id = longJob.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                JSON.readTree(get(b, "/api/simulations/" + id, "bob").body()).get("status").asText().equals("running"));
        String runner = JSON.readTree(get(b, "/api/simulations/" + id, "bob").body()).get("instance_id").asText();
        Instance running = runner.equals("node-a") ? a : b;
        running.process().destroy(); // SIGTERM

        assertThat(running.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        Instance other = running == a ? b : a;
        JsonNode after = JSON.readTree(get(other, "/api/simulations/" + id, "bob").body());
        assertThat(after.get("status").asText()).isEqualTo("succeeded");
        assertThat(after.get("instance_id").asText()).isEqualTo(runner);
        assertThat(Files.readString(running.log(), StandardCharsets.UTF_8)).contains("draining", "stopped");
    }

    @Test
    void loadReportsThroughputAndNoLostSimulationsAsOneJsonLine() throws Exception {
        Instance a = launch("node-a");

        JsonNode report = loadJson(a, "--users", "3", "--warm-up", "1", "--poll-ms", "20");

        assertThat(report.get("succeeded").asLong()).isPositive();
        assertThat(report.get("lost").asLong()).isZero();
        assertThat(report.get("requests_per_second").asDouble()).isPositive();
        assertThat(report.get("elapsed_seconds").asDouble()).as("the warm-up second is not measured").isBetween(2.0, 2.9);
        assertThat(report.at("/latency_ms/all/p99").asDouble()).isPositive();
    }

    @Test
    void loadCanWaitForEachResultAsABrowserDoes() throws Exception {
        Instance a = launch("node-w");

        JsonNode report = loadJson(a, "--users", "2", "--wait", "30", "--think-ms", "50");

        assertThat(report.get("succeeded").asLong()).isPositive().isEqualTo(report.get("accepted").asLong());
        assertThat(report.at("/latency_ms/poll/count").asLong()).as("each submission waited for its result").isZero();
    }

    /** Runs {@code mcscale load} for 2 s of 1,000-path simulations against {@code instance} and reads its JSON line. */
    private static JsonNode loadJson(Instance instance, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("load", "--url", instance.url(), "--duration", "2", "--paths", "1000", "--json"));
        command.addAll(List.of(options));
        BinMcscale.Result load = BinMcscale.run(command.toArray(String[]::new));
        assertThat(load.exitCode()).as(load.stderr()).isZero();
        return JSON.readTree(load.stdout().strip());
    }

    @Test
    void badOptionsNameTheOptionAndExit2() throws Exception {
        BinMcscale.Result postgresWithoutUrl = BinMcscale.run("platform", "--store", "postgres");
        BinMcscale.Result badUrl = BinMcscale.run("load", "--url", "localhost:8000", "--users", "1", "--duration", "1");
        BinMcscale.Result badWait = BinMcscale.run("load", "--url", "http://127.0.0.1:1", "--users", "1", "--duration", "1",
                "--wait", "301");

        assertThat(postgresWithoutUrl.exitCode()).isEqualTo(2);
        assertThat(postgresWithoutUrl.stderr()).contains("--jdbc-url").doesNotContain("Exception");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.stderr()).contains("--url").doesNotContain("Exception");
        assertThat(badWait.exitCode()).isEqualTo(2);
        assertThat(badWait.stderr()).contains("--wait", "301").doesNotContain("Exception");
    }
}
