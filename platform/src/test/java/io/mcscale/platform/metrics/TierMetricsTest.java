package io.mcscale.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.job.JobIds;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.job.JobSubmission;
import io.mcscale.platform.store.JobStore;
import io.mcscale.platform.store.SubmitOutcome;
import io.mcscale.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tiers} object of {@code /api/metrics} and its Prometheus gauges, read over HTTP from real platforms that
 * share a real SQLite store, with real simulations. The clock is moved by hand, so every wait is exact.
 */
class TierMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = MutableClock.startingAt("2026-06-01T12:00:00Z");

    @TempDir
    Path dataDir;
    private Platform front;
    private Platform worker;
    private JobStore direct;

    @AfterEach
    void stop() {
        for (AutoCloseable open : new AutoCloseable[] {front, worker, direct}) {
            try {
                if (open != null) {
                    open.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Platform start(String id) {
        PlatformConfig config = PlatformConfig.defaults().withListen("127.0.0.1", 0).withInstanceId(id).withWorkers(1);
        Platform platform = Platform.start(config, JobStore.sqlite(dataDir), clock);
        platform.drain(); // nothing starts until the test lets it
        return platform;
    }

    /** A job of {@code tier} submitted through instance "front" now (the store API: header mode knows only the free tier). */
    private void submitThroughFront(String user, Tier tier) {
        var job = new JobSubmission(JobIds.newId(clock.instant()), user, "pi", "{}", 1000, 7, false, clock.instant(), "front").withTier(tier);
        assertThat(direct.submit(job, 10, 100)).isEqualTo(SubmitOutcome.ACCEPTED);
    }

    private JsonNode metrics(Platform platform) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + "/api/metrics")).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private String scrape(Platform platform) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + "/metrics")).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void assertTier(JsonNode metrics, String tier, int users, int queue, double avgWait) {
        JsonNode figures = metrics.get("tiers").get(tier);
        assertThat(figures.get("active_users").asInt()).as(tier + " active_users").isEqualTo(users);
        assertThat(figures.get("simulation_queue_length").asInt()).as(tier + " queue").isEqualTo(queue);
        assertThat(figures.get("avg_wait_seconds").asDouble()).as(tier + " avg wait").isEqualTo(avgWait);
        // The p95 is a histogram bucket's upper bound, at most 12.5 % above the true value.
        assertThat(figures.get("wait_p95_seconds").asDouble()).as(tier + " p95 wait").isBetween(avgWait, avgWait * 1.125 + 0.001);
    }

    @Test
    void anIdlePlatformReportsEveryTierWithZeros() throws Exception {
        front = start("front");

        JsonNode tiers = metrics(front).get("tiers");

        assertThat(tiers.fieldNames()).toIterable().containsExactly("free", "pro", "enterprise");
        for (JsonNode figures : tiers) {
            assertThat(figures.fieldNames()).toIterable()
                    .containsExactly("active_users", "simulation_queue_length", "avg_wait_seconds", "wait_p95_seconds");
            figures.forEach(value -> assertThat(value.isNumber()).isTrue());
            figures.forEach(value -> assertThat(value.asDouble()).isZero());
        }
    }

    @Test
    void aHeaderCallerCountsAsAFreeUserAndARefusedHeaderAsNobody() throws Exception {
        front = start("front");

        for (String user : new String[] {"fred", "x".repeat(201)}) {
            var list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + "/api/simulations"))
                    .header("X-User-Id", user).build();
            assertThat(http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(user.equals("fred") ? 200 : 400);
        }
        JsonNode metrics = metrics(front);

        assertThat(metrics.get("active_users").asInt()).isEqualTo(1);
        assertTier(metrics, "free", 1, 0, 0.0);
        assertTier(metrics, "pro", 0, 0, 0.0);
    }

    @Test
    void queuedSimulationsShowAGrowingWaitUntilTheyStartAndTheStarterReportsTheirWaitsForSixtySeconds() throws Exception {
        front = start("front");
        worker = start("worker");
        direct = JobStore.sqlite(dataDir);
        submitThroughFront("pat", Tier.PRO);
        submitThroughFront("erin", Tier.ENTERPRISE);
        submitThroughFront("erin", Tier.ENTERPRISE);
        direct.recordUserActivity("front", Map.of("pat", new JobStore.UserSighting(clock.millis(), Tier.PRO),
                "erin", new JobStore.UserSighting(clock.millis(), Tier.ENTERPRISE)));
        var submit = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + "/api/simulations"))
                .header("X-User-Id", "fred").POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"pi\",\"paths\":1000,\"seed\":1}")).build();
        assertThat(http.send(submit, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

        clock.advanceSeconds(4);
        JsonNode queuedFor4 = metrics(front);
        clock.advanceSeconds(6);
        JsonNode queuedFor10 = metrics(front);

        assertTier(queuedFor4, "free", 1, 1, 4.0);
        assertTier(queuedFor4, "pro", 1, 1, 4.0);
        assertTier(queuedFor4, "enterprise", 1, 2, 4.0);
        assertThat(queuedFor4.get("active_users").asInt()).as("the six keys are the tiers' sums").isEqualTo(3);
        assertThat(queuedFor4.get("simulation_queue_length").asInt()).isEqualTo(4);
        assertTier(queuedFor10, "enterprise", 1, 2, 10.0);
        assertTier(metrics(worker), "enterprise", 0, 0, 0.0);

        worker.resume();
        await().atMost(Duration.ofSeconds(60)).until(() -> direct.countByStatus().get(JobStatus.SUCCEEDED) == 4);
        JsonNode started = metrics(worker);
        String gauges = scrape(worker);

        // The worker started them all at 10 s: it owns those waits; the front owns nothing queued any more.
        assertTier(started, "free", 0, 0, 10.0);
        assertTier(started, "pro", 0, 0, 10.0);
        assertTier(started, "enterprise", 0, 0, 10.0);
        assertTier(metrics(front), "enterprise", 1, 0, 0.0);
        assertThat(gauges).contains("mcscale_tier_avg_wait_seconds{tier=\"enterprise\"} 10.0",
                "mcscale_tier_simulation_queue_length{tier=\"free\"} 0.0", "mcscale_tier_active_users{tier=\"pro\"} 0.0");
        assertThat(started.get("tiers").get("pro").get("wait_p95_seconds").asDouble()).isCloseTo(10.0, within(1.25));

        clock.advanceSeconds(60);
        assertTier(metrics(worker), "enterprise", 0, 0, 0.0);
    }
}
