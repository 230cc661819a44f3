package io.mcscale.scaler.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mcscale.core.model.Backend;
import io.mcscale.core.model.MetricSample;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.net.StallingHttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlatformClientTest {
    private FakePlatformServer server;
    private final PlatformClient client = new PlatformClient(Duration.ofMillis(500), "s3cret-token");

    @BeforeEach
    void start() throws IOException {
        server = new FakePlatformServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldReadABackendThatReportsOnlyTheSixGuideKeys() {
        server.metricsBody = FakePlatformServer.metricsJson(7, 75.5, 2, 3200);

        MetricsRead read = client.metrics(server.backend());

        assertThat(read).isEqualTo(new MetricsRead.Ok(MetricSample.of(7, 75.5, 40.0, OptionalDouble.empty(), 2, 3200)));
    }

    @Test
    void shouldIgnoreUnknownKeysAndUseRunningSimulationsWhenPresent() {
        server.metricsBody = "{\"active_users\":1,\"cpu_usage\":5,\"memory_usage\":10,\"gpu_usage\":55.5,"
                + "\"simulation_queue_length\":0,\"avg_response_time\":12,\"running_simulations\":3,\"draining\":true,"
                + "\"instance_id\":\"ps-2\",\"something_new\":[1,2]}";

        MetricSample metrics = ((MetricsRead.Ok) client.metrics(server.backend())).sample();

        assertThat(metrics.gpuUsage()).hasValue(55.5);
        assertThat(metrics.runningSimulations()).hasValue(3);
        assertThat(metrics.draining()).contains(true);
    }

    @Test
    void shouldReportAMissingKeyAsAFailureNeverAsZeros() {
        server.metricsBody = "{\"active_users\":1,\"cpu_usage\":5,\"gpu_usage\":null,\"simulation_queue_length\":0,\"avg_response_time\":1}";

        assertThat(client.metrics(server.backend()))
                .isInstanceOfSatisfying(MetricsRead.Failed.class, f -> assertThat(f.reason()).contains("memory_usage"));
    }

    @Test
    void shouldReportGarbageAndHttpErrorsAsFailures() {
        server.metricsBody = "<html>oops</html>";
        assertThat(client.metrics(server.backend())).isInstanceOf(MetricsRead.Failed.class);

        server.metricsBody = FakePlatformServer.metricsJson(1, 1, 0, 1);
        server.metricsStatus = 500;
        assertThat(client.metrics(server.backend()))
                .isInstanceOfSatisfying(MetricsRead.Failed.class, f -> assertThat(f.reason()).contains("HTTP 500"));
    }

    @Test
    void shouldGiveUpOnASlowInstanceAtTheTimeout() {
        server.hangMetrics = true;

        assertThat(client.metrics(server.backend()))
                .isInstanceOfSatisfying(MetricsRead.Failed.class, f -> assertThat(f.reason()).contains("Timeout"));
    }

    @Test
    void shouldGiveUpOnAnInstanceThatSendsHeadersThenStallsTheBody() throws IOException {
        try (StallingHttpServer stalled = new StallingHttpServer()) {
            Backend backend = new Backend("127.0.0.1", stalled.port());

            // The stalled body never ends on its own: without an overall deadline each call hangs until the test's limit.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertThat(client.metrics(backend))
                        .isInstanceOfSatisfying(MetricsRead.Failed.class, f -> assertThat(f.reason()).contains("500 ms"));
                assertThat(client.health(backend)).isEqualTo(Health.UNREACHABLE);
                assertThatThrownBy(() -> client.drain(backend)).isInstanceOf(IOException.class).hasMessageContaining("500 ms");
                assertThatThrownBy(() -> client.resume(backend)).isInstanceOf(IOException.class);
            });
            assertThat(stalled.requests()).isEqualTo(4);
        }
    }

    @Test
    void shouldTellHealthyDrainingUnhealthyAndUnreachableApart() throws IOException {
        assertThat(client.health(server.backend())).isEqualTo(Health.OK);
        server.healthStatus = 503;
        server.healthBody = "{\"status\":\"draining\"}";
        assertThat(client.health(server.backend())).isEqualTo(Health.DRAINING);
        server.healthBody = "{\"status\":\"unhealthy\",\"reason\":\"store down\"}";
        assertThat(client.health(server.backend())).isEqualTo(Health.UNHEALTHY);
        server.healthBody = "{\"status\":\"unhealthy\",\"reason\":\"jobs.db was replaced; not \\\"draining\\\"\"}";
        assertThat(client.health(server.backend())).isEqualTo(Health.UNHEALTHY);
        server.healthBody = "<html>502 Bad Gateway</html>";
        assertThat(client.health(server.backend())).isEqualTo(Health.UNHEALTHY);
        assertThat(client.health(new Backend("127.0.0.1", FreePorts.next()))).isEqualTo(Health.UNREACHABLE);
    }

    @Test
    void shouldSendDrainAndResumeWithTheBearerToken() throws IOException {
        client.drain(server.backend());
        client.resume(server.backend());

        assertThat(server.adminCalls).containsExactly(
                "/api/admin/drain Bearer s3cret-token", "/api/admin/resume Bearer s3cret-token");
    }

    @Test
    void shouldFailADrainThatCannotReachTheInstance() throws IOException {
        Backend nowhere = new Backend("127.0.0.1", FreePorts.next());
        assertThatThrownBy(() -> client.drain(nowhere)).isInstanceOf(IOException.class);
    }
}
