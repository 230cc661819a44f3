package io.mcscale.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.net.StallingHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoscalerDaemonTest {
    @TempDir
    Path dir;

    @Test
    void closeReturnsWithinSecondsWhileATickIsStuckOnAStalledProviderBody() throws Exception {
        try (StallingHttpServer paperspace = new StallingHttpServer()) {
            Path file = dir.resolve(".env.autoscaler");
            Files.writeString(file, String.join("\n",
                    "PAPERSPACE_API_KEY=psk_test_0123456789abcdef",
                    "PRIMARY_MACHINE_ID=ps1",
                    "SECONDARY_MACHINE_ID=ps2",
                    "PAPERSPACE_API_URL=" + paperspace.baseUrl() + "/v1",
                    "LOAD_BALANCER=none",
                    "ADMIN_LISTEN=127.0.0.1:" + FreePorts.next(),
                    "DATA_DIR=" + dir.resolve("data"),
                    ""));
            AutoscalerDaemon daemon = AutoscalerDaemon.start(AutoscalerConfig.load(file, Map.of()), dir, Clock.systemUTC());
            // The first tick asks Paperspace about the machines and gets headers and half a body: it is stuck
            // in the provider's 30 s read deadline (and its retries), as on SIGTERM during a slow API call.
            await().atMost(Duration.ofSeconds(30)).until(() -> paperspace.requests() >= 1);

            assertTimeoutPreemptively(Duration.ofSeconds(15), daemon::close);

            assertThat(daemon.controller().snapshot()).isNotNull();
        }
    }
}
