package io.mcscale.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.store.JobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default lease is short (10 s, so a dead instance's simulation runs again within seconds) and is
 * renewed every 0.5 s. A live instance busy with a simulation many leases long must keep it, even with
 * another instance sweeping expired leases back to the queue far more often than any instance does.
 */
class LeaseRenewalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;
    private Platform busy;

    @AfterEach
    void stop() {
        if (busy != null) {
            busy.close();
        }
    }

    @Test
    void theDefaultLeaseIsRenewedOftenEnoughToOutliveManyMissedHeartbeats() {
        PlatformConfig defaults = PlatformConfig.defaults();

        assertThat(defaults.lease()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.lease().dividedBy(defaults.heartbeat())).as("renewals per lease").isGreaterThanOrEqualTo(10);
    }

    @Test
    void aSlowButAliveInstanceKeepsItsSimulationForManyLeases() throws Exception {
        // The default's ratio of lease to heartbeat (20), scaled down so 10 s is five leases.
        PlatformConfig config = PlatformConfig.defaults().withListen("127.0.0.1", 0).withWorkers(1)
                .withLimits(1_000_000_000L, 3, 100).withLease(Duration.ofSeconds(2), Duration.ofMillis(100));
        busy = Platform.start(config.withInstanceId("busy"), JobStore.sqlite(dataDir), Clock.systemUTC());
        // An Asian option on 252 fixings and 100 M paths: minutes of work on any machine.
        String id = submit("{\"model\":\"asian\",\"parameters\":{\"spot\":100,\"strike\":100,\"rate\":0.05,"
                + "\"volatility\":0.2,\"maturity\":1},\"paths\":100000000,\"seed\":3}");
        await().atMost(Duration.ofSeconds(30)).until(() -> get(id).path("status").asText().equals("running"));

        try (JobStore sweeper = JobStore.sqlite(dataDir)) {
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                int recovered = sweeper.recoverExpiredLeases(Instant.now());
                JsonNode job = get(id);
                return recovered == 0 && job.path("status").asText().equals("running") && job.path("instance_id").asText().equals("busy");
            });
        }
    }

    private String submit(String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + busy.port() + "/api/simulations"))
                .header("X-User-Id", "ann").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("id").asText();
    }

    private JsonNode get(String id) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + busy.port() + "/api/simulations/" + id))
                .header("X-User-Id", "ann").GET().build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
