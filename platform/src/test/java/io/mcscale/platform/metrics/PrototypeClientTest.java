package io.mcscale.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads {@code /api/metrics} of a real platform the way the prototype's scaler and the guide's
 * diagnostic script do: the body as plain JSON, each of the six keys formatted as a number (as
 * Python's {@code f"{x:.1f}"}) and each vote compared as a number ({@code gpu_usage > 80}). A
 * null fails both in Python with a TypeError, and here in {@link #number}.
 */
class PrototypeClientTest {
    private static final List<String> SIX_KEYS = List.of("active_users", "cpu_usage", "memory_usage", "gpu_usage",
            "simulation_queue_length", "avg_response_time");

    @TempDir
    Path dataDir;
    private Platform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void shouldServeSixNumbersThePrototypesClientsCanFormatAndCompare() throws Exception {
        platform = Platform.start(PlatformConfig.defaults().withListen("127.0.0.1", 0).withInstanceId("proto").withWorkers(1),
                JobStore.sqlite(dataDir), Clock.systemUTC());
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + "/api/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = new ObjectMapper().readValue(response.body(), Map.class);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        List<String> diagnostic = new ArrayList<>();
        for (String key : SIX_KEYS) {
            diagnostic.add(key + ": " + String.format(Locale.ROOT, "%.1f", number(metrics, key)));
        }
        // The guide's votes, as the prototype's monitoring loop computes them on every tick.
        Map<String, Boolean> up = Map.of(
                "active_users>=6", number(metrics, "active_users") >= 6,
                "cpu>70", number(metrics, "cpu_usage") > 70,
                "gpu>80", number(metrics, "gpu_usage") > 80,
                "queue>5", number(metrics, "simulation_queue_length") > 5,
                "response>3", number(metrics, "avg_response_time") > 3);
        Map<String, Boolean> down = Map.of(
                "active_users<=4", number(metrics, "active_users") <= 4,
                "cpu<30", number(metrics, "cpu_usage") < 30,
                "gpu<40", number(metrics, "gpu_usage") < 40,
                "queue==0", number(metrics, "simulation_queue_length") == 0,
                "response<1", number(metrics, "avg_response_time") < 1);

        assertThat(diagnostic).hasSize(6).allSatisfy(line -> assertThat(line).matches("[a-z_]+: \\d+\\.\\d"));
        // An idle platform: no users, no queue. CPU depends on the rest of the machine, so it is not asserted.
        assertThat(up).containsEntry("active_users>=6", false).containsEntry("queue>5", false);
        assertThat(down).containsEntry("active_users<=4", true).containsEntry("queue==0", true);
        // Without a GPU (as on the machines CI runs on) the platform says so in gpu_count, not with a null,
        // and a GPU of 0 neither votes up nor holds a scale-down.
        assertThat(metrics.get("gpu_count")).isInstanceOf(Integer.class);
        if ((Integer) metrics.get("gpu_count") == 0) {
            assertThat(number(metrics, "gpu_usage")).isZero();
            assertThat(up).containsEntry("gpu>80", false);
            assertThat(down).containsEntry("gpu<40", true);
        }
    }

    /** What Python does with {@code metrics["key"] > 80}: a number compares, anything else fails the client. */
    private static double number(Map<String, Object> metrics, String key) {
        assertThat(metrics).containsKey(key);
        return ((Number) metrics.get(key)).doubleValue();
    }
}
