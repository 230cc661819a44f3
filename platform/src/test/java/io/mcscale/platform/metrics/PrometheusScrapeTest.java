package io.mcscale.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.store.JobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform's Prometheus {@code /metrics} carries the JVM's figures beside its own. */
class PrometheusScrapeTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldExportTheJvmsMemoryGcAndThreadsOnEveryPlatformInTheJvm() throws Exception {
        PlatformConfig config = PlatformConfig.defaults().withListen("127.0.0.1", 0).withWorkers(1);
        try (Platform first = Platform.start(config.withInstanceId("first"), JobStore.sqlite(dataDir), Clock.systemUTC());
                Platform second = Platform.start(config.withInstanceId("second"), JobStore.sqlite(dataDir), Clock.systemUTC())) {
            for (Platform platform : new Platform[] {first, second}) {
                String scrape = scrape(platform);

                assertThat(scrape).contains("# TYPE jvm_memory_used_bytes gauge", "jvm_memory_used_bytes{area=\"heap\"}",
                        "jvm_threads_current ", "jvm_gc_collection_seconds_count{", "mcscale_workers 1");
            }
        }
    }

    private static String scrape(Platform platform) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
