package io.mcscale.scaler;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as the autoscaler command starts it, in DRY_RUN against the fake Paperspace API. */
class AutoscalerDaemonMetricsTest {
    private static final String API_KEY = "abcd-secret-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void shouldExportTheJvmsMemoryGcAndThreadsOnItsPrometheusMetrics() throws Exception {
        int closedPort = FreePorts.next();
        Path file = Files.writeString(dir.resolve(".env.autoscaler"), "PAPERSPACE_API_KEY=" + API_KEY
                + "\nPRIMARY_MACHINE_ID=ps1234567\nSECONDARY_MACHINE_ID=ps7654321\nPRIMARY_URL=http://127.0.0.1:" + closedPort
                + "\nDRY_RUN=true\nADMIN_LISTEN=127.0.0.1:" + FreePorts.next() + "\nDATA_DIR=" + dir.resolve("data") + "\n");
        try (var paperspace = FakePaperspaceApi.start(API_KEY).addMachine("ps1234567", "ready").addMachine("ps7654321", "off");
                var daemon = AutoscalerDaemon.start(
                        AutoscalerConfig.load(file, Map.of("PAPERSPACE_API_URL", paperspace.baseUrl())), dir, Clock.systemUTC())) {
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.adminPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current ",
                    "jvm_gc_collection_seconds_count{", "mcscale_cooldown_seconds_left");
        }
    }
}
