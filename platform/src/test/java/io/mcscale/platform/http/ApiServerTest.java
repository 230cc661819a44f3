package io.mcscale.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.store.JobStore;
import io.mcscale.testkit.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API of a real platform on a loopback port, over a real SQLite store. */
class ApiServerTest {
    private static final String TOKEN = "admin-secret-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;
    private Platform platform;
    private Platform second;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private Platform start(PlatformConfig config) {
        return Platform.start(config, JobStore.sqlite(dataDir), Clock.systemUTC());
    }

    private PlatformConfig config() {
        return PlatformConfig.defaults().withListen("127.0.0.1", 0).withInstanceId("test-a").withWorkers(2)
                .withLimits(1_000_000_000L, 3, 100).withAdminToken(TOKEN).withLease(Duration.ofSeconds(30), Duration.ofMillis(100));
    }

    private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private Answer send(String method, String path, String user, String body) throws IOException, InterruptedException {
        return send(platform, method, path, user, body);
    }

    private Answer send(Platform target, String method, String path, String user, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("X-User-Id", user);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().startsWith("{") ? JSON.readTree(response.body()) : null;
        return new Answer(response.statusCode(), json, response);
    }

    private Answer admin(String path, String authorization) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
    }

    private static String pi(long paths) {
        return "{\"model\":\"pi\",\"parameters\":{},\"paths\":" + paths + ",\"seed\":42}";
    }

    @Test
    void shouldRunASubmittedSimulationAndAnswerWithTheResultWhenAskedToWait() throws Exception {
        platform = start(config());

        Answer answer = send("POST", "/api/simulations?wait=30", "alice", pi(100_000));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("status").asText()).isEqualTo("succeeded");
        assertThat(answer.body().get("progress").asDouble()).isEqualTo(1.0);
        assertThat(answer.body().get("instance_id").asText()).isEqualTo("test-a");
        assertThat(answer.body().at("/result/estimate").asDouble()).isBetween(3.0, 3.3);
        assertThat(answer.body().get("started_at").asText()).isNotBlank();
        assertThat(answer.body().get("finished_at").asText()).isNotBlank();
    }

    @Test
    void shouldQueueASubmissionAndLetOnlyItsOwnerSeeIt() throws Exception {
        platform = start(config());

        Answer accepted = send("POST", "/api/simulations", "alice", pi(1000));
        String id = accepted.body().get("id").asText();

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body().get("status").asText()).isEqualTo("queued");
        assertThat(send("GET", "/api/simulations/" + id, null, null).status()).isEqualTo(401);
        assertThat(send("GET", "/api/simulations/" + id, "mallory", null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/simulations/" + id, "mallory", null).status()).isEqualTo(404);
        assertThat(send("POST", "/api/simulations", null, pi(1000)).body().get("field").asText()).isEqualTo("X-User-Id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(send("GET", "/api/simulations/" + id, "alice", null).body().get("status").asText()).isEqualTo("succeeded"));
    }

    @Test
    void shouldListTheCallersSimulationsNewestFirstInPages() throws Exception {
        platform = start(config());
        String first = send("POST", "/api/simulations", "alice", pi(10)).body().get("id").asText();
        send("POST", "/api/simulations", "bob", pi(10));
        String second = send("POST", "/api/simulations", "alice", pi(10)).body().get("id").asText();

        Answer page1 = send("GET", "/api/simulations?limit=1", "alice", null);
        Answer page2 = send("GET", "/api/simulations?limit=1&offset=1", "alice", null);

        assertThat(page1.body().at("/simulations/0/id").asText()).isEqualTo(second);
        assertThat(page1.body().get("next_offset").asInt()).isEqualTo(1);
        assertThat(page2.body().at("/simulations/0/id").asText()).isEqualTo(first);
        assertThat(page2.body().get("next_offset").isNull()).isTrue();
        assertThat(send("GET", "/api/simulations?limit=0", "alice", null).body().get("field").asText()).isEqualTo("limit");
    }

    @Test
    void shouldRejectBadInputWithAJsonErrorNamingTheField() throws Exception {
        platform = start(config().withLimits(1_000_000, 3, 100));

        Answer unknownModel = send("POST", "/api/simulations", "alice", "{\"model\":\"nope\",\"paths\":10}");
        Answer malformed = send("POST", "/api/simulations", "alice", "{\"model\":");
        Answer tooManyPaths = send("POST", "/api/simulations", "alice", pi(1_000_001));
        Answer noPaths = send("POST", "/api/simulations", "alice", pi(0));
        Answer unknownField = send("POST", "/api/simulations", "alice", "{\"model\":\"pi\",\"paths\":10,\"pathz\":1}");
        Answer badSeed = send("POST", "/api/simulations", "alice", "{\"model\":\"pi\",\"paths\":10,\"seed\":\"x\"}");
        Answer textPaths = send("POST", "/api/simulations", "alice", "{\"model\":\"pi\",\"paths\":\"abc\"}");
        Answer missingPaths = send("POST", "/api/simulations", "alice", "{\"model\":\"pi\"}");
        Answer tooBig = send("POST", "/api/simulations", "alice", "{\"model\":\"pi\",\"paths\":10,\"x\":\"" + "a".repeat(70_000) + "\"}");
        Answer badWait = send("POST", "/api/simulations?wait=abc", "alice", pi(10));

        assertThat(unknownModel.status()).isEqualTo(400);
        assertThat(unknownModel.body().get("field").asText()).isEqualTo("model");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("field").asText()).isEqualTo("body");
        assertThat(tooManyPaths.status()).isEqualTo(400);
        assertThat(tooManyPaths.body().get("field").asText()).isEqualTo("paths");
        assertThat(tooManyPaths.body().get("error").asText()).contains("1000000", "1000001");
        assertThat(noPaths.body().get("field").asText()).isEqualTo("paths");
        assertThat(unknownField.body().get("field").asText()).isEqualTo("pathz");
        assertThat(badSeed.body().get("field").asText()).isEqualTo("seed");
        assertThat(textPaths.body().get("error").asText()).contains("must be a whole number", "\"abc\"");
        assertThat(missingPaths.body().get("error").asText()).contains("paths is required");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.body().get("field").asText()).isEqualTo("body");
        assertThat(badWait.body().get("field").asText()).isEqualTo("wait");
    }

    @Test
    void shouldAnswer429WithRetryAfterOnceAUserHasTheirQuotaQueued() throws Exception {
        platform = start(config());
        platform.drain();
        for (int i = 0; i < 3; i++) {
            assertThat(send("POST", "/api/simulations", "alice", pi(10)).status()).isEqualTo(202);
        }

        Answer refused = send("POST", "/api/simulations", "alice", pi(10));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("2");
        assertThat(refused.body().get("field").asText()).isEqualTo("user");
        assertThat(send("POST", "/api/simulations", "bob", pi(10)).status()).isEqualTo(202);
    }

    @Test
    void shouldStopARunningSimulationOnCancelRatherThanFinishIt() throws Exception {
        platform = start(config());
        String id = send("POST", "/api/simulations", "alice", pi(900_000_000)).body().get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.runningSimulations() == 1);

        Answer cancel = send("DELETE", "/api/simulations/" + id, "alice", null);

        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.body().get("cancel_requested").asBoolean()).isTrue();
        // The outcome, not a latency bound, is what is checked: a run that ignored the cancel would end
        // "succeeded". How fast it stops is a performance figure for benchmarks on a quiet machine.
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.runningSimulations() == 0
                && !List.of("queued", "running").contains(send("GET", "/api/simulations/" + id, "alice", null).body().get("status").asText()));
        assertThat(send("GET", "/api/simulations/" + id, "alice", null).body().get("status").asText()).isEqualTo("cancelled");
        assertThat(send("DELETE", "/api/simulations/" + id, "alice", null).status()).isEqualTo(409);
    }

    @Test
    void shouldCancelAQueuedSimulationAtOnce() throws Exception {
        platform = start(config());
        platform.drain();
        String id = send("POST", "/api/simulations", "alice", pi(10)).body().get("id").asText();

        Answer cancel = send("DELETE", "/api/simulations/" + id, "alice", null);

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body().get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void shouldReportTheContractMetricsAndPrometheusText() throws Exception {
        platform = start(config());
        send("POST", "/api/simulations?wait=30", "alice", pi(1000));
        send("GET", "/api/simulations", "bob", null);

        Answer metrics = send("GET", "/api/metrics", null, null);
        String prometheus = send("GET", "/metrics", null, null).raw().body();

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body().fieldNames()).toIterable().contains("active_users", "cpu_usage", "memory_usage", "gpu_usage",
                "simulation_queue_length", "avg_response_time", "instance_id", "running_simulations", "response_time_p95_ms",
                "draining", "uptime_seconds", "version");
        assertThat(metrics.body().get("active_users").asInt()).isEqualTo(2);
        assertThat(metrics.body().get("avg_response_time").asDouble()).isPositive();
        assertThat(metrics.body().get("cpu_usage").asDouble()).isBetween(0.0, 100.0);
        assertThat(metrics.body().get("memory_usage").asDouble()).isBetween(0.0, 100.0);
        assertThat(metrics.body().get("instance_id").asText()).isEqualTo("test-a");
        assertThat(metrics.body().get("draining").asBoolean()).isFalse();
        assertThat(metrics.body().get("workers").asInt()).as("the pool's size, for the scaler's forecast").isEqualTo(2);
        assertThat(prometheus).contains("mcscale_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/simulations\"",
                "mcscale_simulations{status=\"succeeded\"} 1", "mcscale_simulations_finished_total{status=\"succeeded\"} 1");
    }

    @Test
    void shouldDrainAndResumeOnlyWithTheAdminToken() throws Exception {
        platform = start(config());
        assertThat(send("GET", "/api/health", null, null).body().get("status").asText()).isEqualTo("ok");

        assertThat(admin("/api/admin/drain", null).status()).isEqualTo(401);
        assertThat(admin("/api/admin/drain", "Bearer wrong").status()).isEqualTo(403);
        assertThat(admin("/api/admin/drain", "Bearer " + TOKEN).status()).isEqualTo(200);

        Answer health = send("GET", "/api/health", null, null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().get("status").asText()).isEqualTo("draining");
        assertThat(send("GET", "/api/metrics", null, null).body().get("draining").asBoolean()).isTrue();
        // Draining claims nothing new: a submission stays queued.
        String id = send("POST", "/api/simulations", "alice", pi(10)).body().get("id").asText();
        assertThat(send("GET", "/api/simulations/" + id + "?wait=1", "alice", null).body().get("status").asText()).isEqualTo("queued");

        assertThat(admin("/api/admin/resume", "Bearer " + TOKEN).status()).isEqualTo(200);
        assertThat(send("GET", "/api/health", null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/api/simulations/" + id + "?wait=10", "alice", null).body().get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void shouldRefuseTheAdminEndpointsWhenNoTokenIsConfigured() throws Exception {
        platform = start(config().withAdminToken(null));

        Answer answer = admin("/api/admin/drain", "Bearer anything");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().get("error").asText()).contains("PLATFORM_ADMIN_TOKEN");
        assertThat(platform.isDraining()).isFalse();
    }

    @Test
    void shouldRunTheJobOfAnInstanceThatDiedOnceItsLeaseExpires() throws Exception {
        platform = start(config().withWorkers(1).withLease(Duration.ofMillis(500), Duration.ofMillis(100)));
        platform.drain();
        String id = send("POST", "/api/simulations", "alice", pi(1000)).body().get("id").asText();
        // Another instance claims it and then dies: it never renews its lease.
        try (JobStore dead = JobStore.sqlite(dataDir)) {
            assertThat(dead.claimNext("dead-instance", Instant.now(), Duration.ofMillis(500))).isPresent();
        }
        platform.resume();

        Answer answer = send("GET", "/api/simulations/" + id + "?wait=10", "alice", null);

        assertThat(answer.body().get("status").asText()).isEqualTo("succeeded");
        assertThat(answer.body().get("instance_id").asText()).isEqualTo("test-a");
    }

    @Test
    void shouldLetTwoInstancesOnOneDataDirShareTheQueue() throws Exception {
        platform = start(config());
        second = Platform.start(config().withInstanceId("test-b"), JobStore.sqlite(dataDir), Clock.systemUTC());
        platform.drain();
        String id = send("POST", "/api/simulations", "alice", pi(1000)).body().get("id").asText();

        // Submitted through a draining instance, run by the other one; any instance answers for it.
        Answer answer = send("GET", "/api/simulations/" + id + "?wait=10", "alice", null);

        assertThat(answer.body().get("status").asText()).isEqualTo("succeeded");
        assertThat(answer.body().get("instance_id").asText()).isEqualTo("test-b");
        assertThat(answer.raw().headers().firstValue("X-Instance-Id")).contains("test-a");
    }

    @Test
    void shouldCountEachUserOnceOverTheInstancesWhateverInstanceTheirRequestsReached() throws Exception {
        // One clock for both instances, a second between requests, so "seen last" is unambiguous.
        var clock = MutableClock.startingAt("2026-11-28T10:00:00Z");
        platform = Platform.start(config(), JobStore.sqlite(dataDir), clock);
        second = Platform.start(config().withInstanceId("test-b"), JobStore.sqlite(dataDir), clock);
        // As behind nginx: alice and bob reach both instances, carol only the first.
        record Visit(Platform instance, String user) {
        }
        for (Visit visit : List.of(new Visit(platform, "alice"), new Visit(second, "bob"), new Visit(second, "alice"),
                new Visit(platform, "bob"), new Visit(platform, "carol"))) {
            clock.advanceSeconds(1);
            send(visit.instance(), "GET", "/api/simulations", visit.user(), null);
        }

        int onFirst = send(platform, "GET", "/api/metrics", null, null).body().get("active_users").asInt();
        int onSecond = send(second, "GET", "/api/metrics", null, null).body().get("active_users").asInt();
        // The first instance counted before the second shared that it saw alice last; ask the first again.
        onFirst = send(platform, "GET", "/api/metrics", null, null).body().get("active_users").asInt();

        assertThat(onFirst + onSecond).as("alice, bob and carol, each counted by one instance").isEqualTo(3);
        assertThat(onFirst).as("bob and carol, seen last here").isEqualTo(2);
        assertThat(onSecond).as("alice, seen last here").isEqualTo(1);
    }

    private Answer submitWithKey(String user, String key, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + "/api/simulations"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("X-User-Id", user).header("Idempotency-Key", key);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
    }

    @Test
    void shouldAnswerAResentSubmissionWithTheSimulationItMadeInsteadOfASecondOne() throws Exception {
        platform = start(config());
        platform.drain(); // everything stays queued, so the count below is exact

        Answer first = submitWithKey("alice", "key-1", pi(1000));
        Answer resent = submitWithKey("alice", "key-1", pi(1000));
        Answer otherUser = submitWithKey("bob", "key-1", pi(1000));

        assertThat(first.status()).isEqualTo(202);
        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.body().get("id").asText()).isEqualTo(first.body().get("id").asText());
        assertThat(resent.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(send("GET", "/api/simulations", "alice", null).body().get("simulations")).hasSize(1);
        assertThat(otherUser.body().get("id").asText()).as("keys belong to a user").isNotEqualTo(first.body().get("id").asText());
    }

    @Test
    void shouldRefuseAKeyReusedForADifferentRequestAndAMalformedKey() throws Exception {
        platform = start(config());
        submitWithKey("alice", "key-1", pi(1000));

        Answer reused = submitWithKey("alice", "key-1", pi(2000));
        Answer blank = submitWithKey("alice", "has space", pi(1000));

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body().get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(reused.body().get("error").asText()).contains("different request", "new key");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body().get("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void shouldAnswerAResentSubmissionEvenWhenTheUserIsAtTheQuota() throws Exception {
        platform = start(config()); // a quota of 3 queued simulations
        platform.drain();
        for (int i = 1; i <= 3; i++) {
            assertThat(submitWithKey("alice", "key-" + i, pi(1000)).status()).isEqualTo(202);
        }

        Answer fourth = submitWithKey("alice", "key-4", pi(1000));
        Answer resent = submitWithKey("alice", "key-2", pi(1000));

        assertThat(fourth.status()).isEqualTo(429);
        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.body().get("status").asText()).isEqualTo("queued");
    }
}
