package io.mcscale.scaler.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.control.AutoscalerController;
import io.mcscale.scaler.control.FakeProvider;
import io.mcscale.scaler.control.RecordingBalancer;
import io.mcscale.scaler.control.TestControllers;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.MutableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminServerTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    private FakePlatformServer primary;
    private EventStore store;
    private AutoscalerController controller;
    private AdminServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        primary = new FakePlatformServer();
        store = EventStore.open(dir.resolve("events.db"));
        FakeProvider provider = new FakeProvider(Map.of("ps-1", MachineState.READY, "ps-2", MachineState.OFF));
        InstanceGroup group = new InstanceGroup(new InstanceSpec("ps-1", Optional.of(URI.create("http://" + primary.backend()))),
                List.of(new InstanceSpec("ps-2", Optional.of(URI.create("http://127.0.0.1:9")))));
        PrometheusRegistry registry = new PrometheusRegistry();
        controller = TestControllers.controller(group, provider, new RecordingBalancer(), store, false, registry,
                TestControllers.NO_BUDGET);
        controller.tick(clock.instant());
        server = new AdminServer("127.0.0.1", 0, "t0ken-for-tests", controller, registry).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        primary.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRefuseTheApiWithoutTheRightToken() throws Exception {
        assertThat(send("GET", "/api/status", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/status", "wrong", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/failover", "wrong", null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldServeTheStatusDocument() throws Exception {
        HttpResponse<String> status = send("GET", "/api/status", "t0ken-for-tests", null);

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"mode\":\"normal\"", "\"id\":\"ps-1\"", "\"phase\":\"serving\"",
                "\"cost_rate_usd_per_hour\":0.51", "\"last_decision\"");
    }

    @Test
    void shouldNameTheFieldOfABadScaleRequest() throws Exception {
        HttpResponse<String> bad = send("POST", "/api/scale", "t0ken-for-tests", "{\"direction\":\"sideways\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("direction").contains("sideways");
    }

    @Test
    void shouldHandAScaleRequestToTheNextTick() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            controller.onRequest(() -> executor.submit(() -> controller.tick(clock.advanceSeconds(1))));
            Future<HttpResponse<String>> answer = Executors.newSingleThreadExecutor()
                    .submit(() -> send("POST", "/api/scale", "t0ken-for-tests", "{\"direction\":\"up\",\"force\":true}"));

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
