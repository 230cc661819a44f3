package io.mcscale.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Work is bounded at the door: a simulation over a model's own limits, or over the per-job work limit
 * (paths × draws per path), is refused at submit with 400, and a user's queued work over the per-user
 * limit gets 429; each answer names the limit. Nothing is accepted that would fail later.
 */
class WorkLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPTION = "\"spot\":100,\"strike\":100,\"rate\":0.05,\"volatility\":0.2,\"maturity\":1";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;
    private Platform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private void start(PlatformConfig config) {
        platform = Platform.start(config.withListen("127.0.0.1", 0).withInstanceId("limits").withWorkers(1),
                JobStore.sqlite(dataDir), Clock.systemUTC());
        platform.drain(); // nothing starts: every accepted simulation stays queued
    }

    private HttpResponse<String> submit(String user, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + "/api/simulations"))
                .header("X-User-Id", user).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    record TooBig(String name, String body, String limitNamed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<TooBig> tooBig() {
        return Stream.of(
                new TooBig("asian, 100000 fixings x 1e9 paths (28 days of one worker)",
                        "{\"model\":\"asian\",\"parameters\":{" + OPTION + ",\"fixings\":100000},\"paths\":1000000000}", "per-job"),
                new TooBig("barrier, 100000 fixings x 1e8 paths",
                        "{\"model\":\"barrier\",\"parameters\":{" + OPTION + ",\"barrier\":150,\"barrier_type\":\"up_and_out\","
                                + "\"fixings\":100000},\"paths\":100000000}", "per-job"),
                new TooBig("portfolio over 20 M paths (it keeps every loss)",
                        "{\"model\":\"portfolio\",\"parameters\":{\"weights\":[0.5,0.5],\"volatilities\":[0.2,0.3],"
                                + "\"correlation\":[[1,0.3],[0.3,1]],\"horizon_days\":10,\"confidence\":0.99},\"paths\":30000000}",
                        "20000000"));
    }

    @ParameterizedTest
    @MethodSource("tooBig")
    void aSimulationOverItsLimitsIsRefusedAtSubmitNamingTheLimit(TooBig c) throws Exception {
        start(PlatformConfig.defaults());

        HttpResponse<String> answer = submit("alice", c.body());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(answer.body());
        assertThat(error.path("field").asText()).isEqualTo("paths");
        assertThat(error.path("error").asText()).contains(c.limitNamed());
    }

    @Test
    void aUsersQueuedWorkOverThePerUserLimitGets429NamingTheLimit() throws Exception {
        // 3 asian simulations of 252 fixings x 1 M paths fit in 800 M draws; the fourth would not.
        start(PlatformConfig.defaults().withWorkLimits(1_000_000_000L, 800_000_000L));
        String asian = "{\"model\":\"asian\",\"parameters\":{" + OPTION + "},\"paths\":1000000}";
        for (int i = 0; i < 3; i++) {
            assertThat(submit("alice", asian).statusCode()).isEqualTo(202);
        }

        HttpResponse<String> answer = submit("alice", asian);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(answer.body()).path("error").asText()).contains("per-user", "800000000", "--max-user-work");
        assertThat(submit("bob", asian).statusCode()).as("another user's work is their own").isEqualTo(202);
    }
}
