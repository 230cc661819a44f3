package io.mcscale.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as the autoscaler command starts it, from an {@code .env.autoscaler} with REGION_PREFERENCE, against the fake
 * Paperspace API (real time, short transitions) and loopback platforms: ny2 has no P4000, so the scale-up lands in CA1,
 * and the status API's history shows each attempt.
 */
class RegionsDaemonTest {
    private static final String API_KEY = "psk_regions_0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aScaleUpLandsInTheSecondRegionWhenThePreferredOneHasNoCapacityAndTheHistoryShowsEachAttempt() throws Exception {
        try (FakePaperspaceApi api = FakePaperspaceApi.start(API_KEY);
                FakePlatformServer primary = new FakePlatformServer();
                FakePlatformServer east = new FakePlatformServer();
                FakePlatformServer west = new FakePlatformServer()) {
            api.setTransitionDelays(Duration.ofMillis(200), Duration.ofMillis(200));
            api.addMachine("ps-primary", "ready").addMachine("ps-east", "off").addMachine("ps-west", "off")
                    .setRegion("ps-west", "West Coast (CA1)")
                    .setAvailable("P4000", "ny2", false);
            String high = FakePlatformServer.metricsJson(9, 90, 0, 100);
            primary.metricsBody = high;
            east.metricsBody = high;
            west.metricsBody = high;
            Path file = Files.writeString(dir.resolve(".env.autoscaler"), String.join("\n",
                    "PAPERSPACE_API_KEY=" + API_KEY,
                    "PAPERSPACE_API_URL=" + api.baseUrl(),
                    "PRIMARY_MACHINE_ID=ps-primary",
                    "SECONDARY_MACHINE_ID=ps-west,ps-east",
                    "PRIMARY_URL=http://" + primary.backend(),
                    "SECONDARY_URL=http://" + west.backend() + ",http://" + east.backend(),
                    "SCALER_MACHINE_ID=ps-primary",
                    "REGION_PREFERENCE=ny2,ca1",
                    "POLL_INTERVAL_SECONDS=0.2",
                    "LOAD_BALANCER=none",
                    "ADMIN_LISTEN=127.0.0.1:" + FreePorts.next(),
                    "DATA_DIR=" + dir.resolve("data"),
                    ""));

            try (AutoscalerDaemon daemon = AutoscalerDaemon.start(AutoscalerConfig.load(file, Map.of()), dir, Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> daemon.controller().snapshot().machines().stream()
                        .anyMatch(m -> m.id().equals("ps-west") && m.phase().equals("serving")));

                List<String> actions = actions(daemon.adminPort());
                assertThat(actions).containsSubsequence("capacity_check ps-east failed", "capacity_check ps-west ok",
                        "scale_up ps-west ok");
                assertThat(instances(daemon.adminPort())).contains("ps-west West Coast (CA1) serving", "ps-east ny2 off");
                assertThat(api.appliedActions("ps-east", "start")).isZero();
                assertThat(api.appliedActions("ps-west", "start")).isEqualTo(1);
            }
        }
    }

    private static List<String> instances(int adminPort) throws Exception {
        List<String> instances = new ArrayList<>();
        for (JsonNode m : get(adminPort, "/api/status").path("instances")) {
            instances.add(m.path("id").asText() + " " + m.path("region").asText() + " " + m.path("phase").asText());
        }
        return instances;
    }

    private static JsonNode get(int adminPort, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> actions(int adminPort) throws Exception {
        List<String> actions = new ArrayList<>();
        for (JsonNode a : get(adminPort, "/api/history?since=1h").path("actions")) {
            actions.add(a.path("kind").asText() + " " + a.path("machine").asText() + " " + a.path("result").asText("open"));
        }
        return actions;
    }
}
