package io.mcscale.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.store.JobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
    void shouldWaitForEachResultInOneRequestWhenAskedToWaitAndTellWhichInstanceRanIt() {
        try (var load = new LoadGenerator(settings().withWait(30).withThinkTime(Duration.ofMillis(20)))) {
            load.setActiveUsers(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.snapshot().succeeded() >= 4);

            LoadReport report = load.stop(Duration.ofSeconds(20));

            assertThat(report.poll().count()).as("each answer came when the simulation had finished").isZero();
            assertThat(report.submit().count()).isEqualTo(report.requests());
            assertThat(report.succeeded()).isEqualTo(report.accepted());
            assertThat(load.instancesThatRan()).containsExactly("load-test");
            assertThat(load.instancesThatAnswered()).containsExactly("load-test");
            assertThat(load.firstFailures()).isEmpty();
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

    @Test
    void shouldSendARequestAgainOnceWhenItsConnectionClosedBeforeAnyAnswerWithTheSameIdempotencyKey() throws Exception {
        List<String> submissionKeys = new CopyOnWriteArrayList<>();

        LoadReport report = runAgainstScriptedServer(false, Duration.ofSeconds(10), submissionKeys);

        assertThat(report.resent()).isEqualTo(1);
        assertThat(report.errors()).isZero();
        assertThat(report.lost()).isZero();
        assertThat(report.toJson()).containsEntry("resent", 1L);
        assertThat(submissionKeys.get(1)).as("the resend carries the first attempt's key").isEqualTo(submissionKeys.get(0));
        assertThat(submissionKeys.get(2)).as("the next simulation has its own key").isNotEqualTo(submissionKeys.get(0));
    }

    @Test
    void shouldSendASubmissionThatTimedOutAgainWithItsIdempotencyKeySoNoneIsLeftUnknown() throws Exception {
        List<String> submissionKeys = new CopyOnWriteArrayList<>();

        LoadReport report = runAgainstScriptedServer(true, Duration.ofMillis(500), submissionKeys);

        assertThat(report.resent()).isEqualTo(1);
        assertThat(report.errors()).isZero();
        assertThat(report.lost()).isZero();
        assertThat(submissionKeys.get(1)).as("the resend carries the timed-out attempt's key").isEqualTo(submissionKeys.get(0));
    }

    /** One user against {@link #serve}, until two simulations succeeded; the Idempotency-Keys of the submissions go to {@code keys}. */
    private static LoadReport runAgainstScriptedServer(boolean stallFirst, Duration requestTimeout, List<String> keys) throws IOException {
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accepting = new Thread(() -> serve(server, keys, new AtomicBoolean(), stallFirst), "scripted-http");
            accepting.setDaemon(true);
            accepting.start();
            var settings = LoadGenerator.Settings.of(URI.create("http://127.0.0.1:" + server.getLocalPort()), "pi", 1000)
                    .withPollInterval(Duration.ofMillis(10)).withRequestTimeout(requestTimeout);
            try (var load = new LoadGenerator(settings)) {
                load.setActiveUsers(1);
                await().atMost(Duration.ofSeconds(20)).until(() -> load.snapshot().succeeded() >= 2);
                return load.stop(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * A scripted HTTP/1.1 server: it closes the connection of the first request without answering (as nginx does to
     * idle keep-alive connections when it reloads; with {@code stallFirst}, after holding it unanswered until the client
     * closes it, as an overloaded server does), then accepts every submission and reports it finished at once.
     */
    private static void serve(ServerSocket server, List<String> submissionKeys, AtomicBoolean dropped, boolean stallFirst) {
        while (!server.isClosed()) {
            Socket connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread handler = new Thread(() -> answer(connection, submissionKeys, dropped, stallFirst), "scripted-http-connection");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private static void answer(Socket connection, List<String> submissionKeys, AtomicBoolean dropped, boolean stallFirst) {
        try (connection;
                var in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
                var out = connection.getOutputStream()) {
            for (String requestLine = in.readLine(); requestLine != null && !requestLine.isEmpty(); requestLine = in.readLine()) {
                Map<String, String> headers = new HashMap<>();
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                in.skip(Long.parseLong(headers.getOrDefault("content-length", "0")));
                boolean submission = requestLine.startsWith("POST");
                if (submission) {
                    submissionKeys.add(headers.get("idempotency-key"));
                }
                if (dropped.compareAndSet(false, true)) {
                    while (stallFirst && in.read() >= 0) {
                        // a stalled server: no answer until the client gives up and closes the connection
                    }
                    return; // closes the connection: no byte of an answer
                }
                String body = submission ? "{\"id\":\"sim-1\",\"status\":\"queued\"}" : "{\"id\":\"sim-1\",\"status\":\"succeeded\"}";
                String status = submission ? "202 Accepted" : "200 OK";
                out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }
}
