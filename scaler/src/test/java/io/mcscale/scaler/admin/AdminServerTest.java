package io.mcscale.scaler.admin;

import io.mcscale.scaler.store.ActionKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.scaler.control.AutoscalerController;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    private AdminServerFixture fixture;
    private EventStore store;
    private AutoscalerController controller;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        fixture = new AdminServerFixture(dir, clock);
        store = fixture.store;
        controller = fixture.controller;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRefuseActionsWithoutTheRightToken() throws Exception {
        assertThat(send("POST", "/api/scale", null, "{\"direction\":\"up\"}").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/scale", "wrong", "{\"direction\":\"up\"}").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/failover", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/failover", "wrong", null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldServeThePageAndItsReadOnlyDataWithoutAToken() throws Exception {
        HttpResponse<String> page = send("GET", "/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script src=\"/webjars/uplot/1.6.30/dist/uPlot.iife.min.js\">", "/status.js");
        assertThat(send("GET", "/status.js", null, null).body()).contains("/api/history");
        assertThat(send("GET", "/status.css", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> uplot = send("GET", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null, null);
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(send("GET", "/api/status", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/history?since=1h", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeTheRecordedHistoryWithTheThresholdsToDraw() throws Exception {
        controller.tick(clock.advanceSeconds(30));
        store.actionStarted(clock.instant(), ActionKind.SCALE_UP, "ps-2");

        JsonNode history = JSON.readTree(send("GET", "/api/history?since=30m", null, null).body());

        assertThat(history.path("decisions")).hasSize(2);
        JsonNode last = history.path("decisions").get(1);
        assertThat(last.path("at").asText()).isEqualTo("2026-03-02T09:00:30Z");
        assertThat(last.path("inputs").path("instances").asInt()).isEqualTo(1);
        assertThat(last.path("inputs").has("active_users")).isTrue();
        assertThat(last.path("reasons").isArray()).isTrue();
        assertThat(history.path("actions").get(0).path("kind").asText()).isEqualTo("scale_up");
        assertThat(history.path("states").findValuesAsText("machine")).contains("ps-1", "ps-2");
        assertThat(history.path("thresholds").path("cpu_up").asDouble()).isEqualTo(70.0);
        assertThat(history.path("thresholds").path("users_up_per_instance").asInt()).isEqualTo(6);
        assertThat(history.path("since").asText()).isEqualTo("2026-03-02T08:30:30Z");
    }

    @Test
    void shouldNameTheSinceParameterWhenItIsNotAWindow() throws Exception {
        HttpResponse<String> bad = send("GET", "/api/history?since=yesterday", null, null);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("since").contains("yesterday").contains("24h");
    }

    @Test
    void shouldGiveEachInstanceItsUptimeAndTheMonthsCost() throws Exception {
        // The month's cost is the control loop's, as of its last tick: the same figure Prometheus exports.
        controller.tick(clock.advanceSeconds(3600));

        JsonNode status = JSON.readTree(send("GET", "/api/status", null, null).body());

        JsonNode primary = status.path("instances").get(0);
        assertThat(primary.path("uptime_seconds").asLong()).isEqualTo(3600);
        assertThat(primary.path("cost_month_usd").asDouble()).isEqualTo(0.51);
        assertThat(status.path("instances").get(1).path("uptime_seconds").isNull()).isTrue();
        assertThat(status.path("cost").path("month").asText()).isEqualTo("2026-03");
        assertThat(status.path("cost").path("budget_usd").asDouble()).isEqualTo(100.0);
        assertThat(status.path("cost").path("projected_month_usd").asDouble()).isGreaterThan(status.path("cost").path("so_far_usd").asDouble());
    }

    @Test
    void shouldServeTheStatusDocument() throws Exception {
        HttpResponse<String> status = send("GET", "/api/status", AdminServerFixture.TOKEN, null);

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"mode\":\"normal\"", "\"id\":\"ps-1\"", "\"phase\":\"serving\"",
                "\"cost_rate_usd_per_hour\":0.51", "\"last_decision\"");
    }

    @Test
    void shouldNameTheFieldOfABadScaleRequest() throws Exception {
        HttpResponse<String> bad = send("POST", "/api/scale", AdminServerFixture.TOKEN, "{\"direction\":\"sideways\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("direction").contains("sideways");
    }

    @Test
    void shouldHandAScaleRequestToTheNextTick() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            controller.onRequest(() -> executor.submit(() -> controller.tick(clock.advanceSeconds(1))));
            Future<HttpResponse<String>> answer = Executors.newSingleThreadExecutor()
                    .submit(() -> send("POST", "/api/scale", AdminServerFixture.TOKEN, "{\"direction\":\"up\",\"force\":true}"));

            assertThat(answer.get().body()).contains("\"accepted\":true").contains("starting ps-2");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void shouldExposePrometheusMetricsWithoutAToken() throws Exception {
        HttpResponse<String> metrics = send("GET", "/metrics", null, null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("mcscale_decisions_total", "mcscale_instances{phase=\"serving\"} 1",
                "mcscale_policy_input{input=\"active_users\"}");
    }

    @Test
    void shouldGenerateTheAdminTokenOnceWithMode0600() throws IOException {
        String token = AdminToken.loadOrCreate(Optional.empty(), dir);

        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(AdminToken.loadOrCreate(Optional.empty(), dir)).isEqualTo(token);
        assertThat(AdminToken.forClient(Optional.empty(), dir)).contains(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("admin-token")))).isEqualTo("rw-------");
    }
}
