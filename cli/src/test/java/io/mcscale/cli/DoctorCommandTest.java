package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor against the fake Paperspace v1 API and a loopback platform; the secondary is off (nothing listens). */
class DoctorCommandTest {
    private static final String API_KEY = "abcd-secret-key-0123456789";
    private static final String METRICS = "{\"active_users\":3,\"cpu_usage\":42.5,\"memory_usage\":61.0,\"gpu_usage\":0.0,"
            + "\"simulation_queue_length\":1,\"avg_response_time\":850,\"gpu_count\":0}";

    @TempDir
    Path dir;
    private FakePaperspaceApi paperspace;
    private HttpServer platform;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        paperspace = FakePaperspaceApi.start(API_KEY).addMachine("ps1234567", "ready").addMachine("ps7654321", "off");
        platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        platform.createContext("/api/metrics", exchange -> {
            byte[] body = METRICS.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        platform.start();
        int closedPort = FreePorts.next();
        Path upstream = Files.writeString(dir.resolve("upstream.conf"), "upstream monte_carlo_backend { server 127.0.0.1:8000; }\n");
        config = writeConfig("NGINX_TEST_COMMAND=true\n", upstream, closedPort);
    }

    private Path writeConfig(String extra, Path upstream, int closedPort) throws Exception {
        Path file = dir.resolve(".env.autoscaler");
        Files.writeString(file, "PAPERSPACE_API_KEY=" + API_KEY + "\nPAPERSPACE_API_URL=" + paperspace.baseUrl()
                + "\nPRIMARY_MACHINE_ID=ps1234567\nSECONDARY_MACHINE_ID=ps7654321\n"
                + "PRIMARY_URL=http://127.0.0.1:" + platform.getAddress().getPort() + "\nSECONDARY_URL=http://127.0.0.1:" + closedPort
                + "\nMETRICS_TIMEOUT_SECONDS=2\nDATA_DIR=" + dir.resolve("data") + "\nNGINX_UPSTREAM_FILE=" + upstream
                + "\nMONTHLY_BUDGET_USD=600\n" + extra);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @AfterEach
    void stop() {
        paperspace.close();
        platform.stop(0);
    }

    @Test
    void shouldPassEveryCheckOfAHealthySetupShowingStateRateAndTheSixMetrics() {
        var run = doctor();

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(run.stdout()).contains(
                "pass paperspace api", "primary ps1234567", "state ready, rate $0.51/h", "secondary ps7654321", "state off",
                "key abcd****",
                "pass metrics primary", "active_users=3 cpu_usage=42.5 memory_usage=61.0 gpu_usage=no GPU simulation_queue_length=1 avg_response_time=850 ms",
                "warn metrics secondary", "normal while the secondary is off",
                "pass policy high load", "-> up", "pass policy low load", "-> down", "pass policy medium load", "-> none",
                "pass nginx", "pass event store", "pass env file permissions", "pass cost analysis", "$459.00/month",
                "0 failed");
        assertThat(run.stdout()).contains("rate $0.51/h, storage $5.00/month, key abcd****");
        assertThat(run.stdout()).doesNotContain(API_KEY);
        assertThat(dir.resolve("data/events.db")).exists();
    }

    @Test
    void shouldPriceTheGuidesUsageOverThe720HourMonthThatPlanAndCostEstimateUse() {
        var run = doctor();

        assertThat(run.stdout()).contains("$459.00/month vs $734.40 always-on dual over 720 h (37.5% saved)");
    }

    @Test
    void shouldShowTheGroupsCostNowAsTheStatusApiWorksItOutFromTheRunningMachines() {
        var run = doctor();

        // The primary is ready (billed at the fake's usageRate 0.51), the secondary off; the budget is 600.
        assertThat(run.stdout()).containsPattern("pass cost now +\\$0\\.51/h for the machines running now; \\d{4}-\\d{2} so far \\$")
                .contains("(as /api/status shows); budget: month projected at $");
    }

    @Test
    void shouldShowALocalMachineAtTheConfiguredRateAsTheStatusApiBillsItNotAtZero() throws Exception {
        Files.writeString(config, "PROVIDER=local\nPRIMARY_MACHINE_ID=local-1\nSECONDARY_MACHINE_ID=local-2\n"
                + "PRIMARY_URL=http://127.0.0.1:" + platform.getAddress().getPort() + "\nSECONDARY_URL=http://127.0.0.1:" + FreePorts.next()
                + "\nLOCAL_PLATFORM_COMMAND=true\nDATA_DIR=" + dir.resolve("data") + "\nLOAD_BALANCER=none\nINSTANCE_HOURLY_RATE_USD=0.51\n");

        var run = doctor();

        assertThat(run.stdout()).contains("pass local provider", "primary local-1",
                "rate $0.51/h (INSTANCE_HOURLY_RATE_USD: the provider reports no rate), storage $5.00/month")
                .doesNotContain("$0.00/h (", "rate $0.00");
    }

    @Test
    void shouldFailWhenNginxRejectsTheConfigAndWarnAboutAReadableEnvFile() throws Exception {
        Files.writeString(config, Files.readString(config).replace("NGINX_TEST_COMMAND=true", "NGINX_TEST_COMMAND=false"));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

        var run = doctor();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("fail nginx", "false failed", "warn env file permissions", "chmod 600", "1 failed");
    }

    @Test
    void shouldFailTheProviderCheckForAnUnknownMachineWithoutShowingTheKey() throws Exception {
        Files.writeString(config, Files.readString(config).replace("PRIMARY_MACHINE_ID=ps1234567", "PRIMARY_MACHINE_ID=ps0000000"));

        var run = doctor();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("fail paperspace api", "primary ps0000000", "abcd****").doesNotContain(API_KEY);
    }

    private InProcessRun doctor() {
        return InProcessRun.of("doctor", "--config", config.toString());
    }
}
