package io.mcscale.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.store.JobStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator against a real platform on a loopback port. */
class LoadGeneratorTest {
    @TempDir
    Path dataDir;
    private Platform platform;

    @BeforeEach
    void startPlatform() {
        platform = Platform.start(PlatformConfig.defaults().withListen("127.0.0.1", 0).withInstanceId("load-test").withWorkers(2),
                JobStore.sqlite(dataDir), Clock.systemUTC());
    }

    @AfterEach
    void stopPlatform() {
        platform.close();
    }

    private LoadGenerator.Settings settings() {
        return LoadGenerator.Settings.of(URI.create("http://127.0.0.1:" + platform.port()), "pi", 1000)
                .withPollInterval(Duration.ofMillis(10));
    }

    @Test
    void shouldSeeEveryAcceptedSimulationFinishAndLoseNone() {
        try (var load = new LoadGenerator(settings())) {
            load.setActiveUsers(3);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.snapshot().succeeded() >= 6);

            LoadReport report = load.stop(Duration.ofSeconds(20));

            assertThat(report.accepted()).isGreaterThanOrEqualTo(6).isEqualTo(report.succeeded());
            assertThat(report.lost()).isZero();
            assertThat(report.errors()).isZero();
            assertThat(report.requests()).isGreaterThan(report.submitted());
            assertThat(report.nonWaiting().count()).isEqualTo(report.requests());
            assertThat(report.simulation().p50Ms()).isPositive();
            assertThat(report.toText()).contains("requests", "lost");
            assertThat(report.toJson()).containsKeys("requests_per_second", "lost", "latency_ms");
        }
    }

    @Test
    void shouldDropTheWarmUpsFiguresWhenMeasuringStarts() {
        try (var load = new LoadGenerator(settings())) {
            load.setActiveUsers(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.snapshot().succeeded() >= 6);
            long warmUpRequests = load.snapshot().requests();

            load.startMeasuring();
            LoadReport justAfter = load.snapshot();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.snapshot().succeeded() >= 2);
            LoadReport report = load.stop(Duration.ofSeconds(20));

            assertThat(justAfter.requests()).isLessThan(warmUpRequests);
            assertThat(justAfter.succeeded()).isLessThan(6);
            assertThat(report.succeeded()).isGreaterThanOrEqualTo(2);
            assertThat(report.nonWaiting().count()).isEqualTo(report.requests());
            assertThat(report.lost()).isZero();
        }
    }

    @Test
    void shouldCountSimulationsThatNeverFinishAsLost() {
        platform.drain(); // accepted, never run
        try (var load = new LoadGenerator(settings())) {
            load.setActiveUsers(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.snapshot().accepted() >= 2);

            LoadReport report = load.stop(Duration.ofMillis(200));

            assertThat(report.lost()).isEqualTo(report.accepted()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldLetTheActiveUsersChangeWhileItRuns() {
        try (var load = new LoadGenerator(settings().withUserPrefix("ramp"))) {
            load.setActiveUsers(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.snapshot().succeeded() >= 1);
            load.setActiveUsers(4);
            assertThat(load.activeUsers()).isEqualTo(4);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.snapshot().succeeded() >= 8);
            load.setActiveUsers(0);

            LoadReport report = load.stop(Duration.ofSeconds(20));

            assertThat(report.lost()).isZero();
        }
    }
}
