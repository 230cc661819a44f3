package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcscale.scaler.admin.AdminClient;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's layout on the Paperspace fake: the scaler runs on the primary (PRIMARY_URL on
 * loopback), with a real platform process there. kill -9 of that platform must start the
 * secondary and restart the platform with PLATFORM_RESTART_COMMAND (here a script that starts it
 * again, as systemd would), and never send a stop or restart of the primary machine: that machine
 * runs the scaler and nginx.
 */
class GuideLayoutFailoverIT {
    private static final String KEY = "psguide-7a6b5c4d3e2f";
    private static final Duration BOOT = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private FakePaperspaceApi api;
    private Process daemon;
    private Path platformDir;
    private Path dataDir;
    private Path restartScript;
    private int platformPort;
    private Path config;
    private AdminClient admin;

    @BeforeEach
    void theGuidesLayout() throws IOException {
        api = FakePaperspaceApi.start(KEY);
        api.setTransitionDelays(Duration.ofMillis(500), Duration.ofMillis(500));
        api.addMachine("psprimary", "ready").addMachine("pssecondary", "off");
        platformPort = FreePorts.next();
        int adminPort = FreePorts.next();
        platformDir = Files.createDirectories(dir.resolve("platform"));
        dataDir = dir.resolve("data");
        // What systemctl restart monte-carlo-platform does for the real unit: start the platform (again).
        restartScript = dir.resolve("restart-platform.sh");
        Files.writeString(restartScript, String.join("\n",
                "#!/bin/sh",
                "echo restart >> " + platformDir.resolve("restarts"),
                "nohup " + BinMcscale.repositoryRoot().resolve("bin/mcscale") + " platform --host 127.0.0.1 --port " + platformPort
                        + " --data-dir " + platformDir + " --instance-id primary --workers 1 --grace-seconds 5 >> "
                        + platformDir.resolve("platform.log") + " 2>&1 &",
                "echo $! > " + platformDir.resolve("platform.pid"),
                ""));
        config = dir.resolve(".env.autoscaler");
        Files.writeString(config, String.join("\n",
                "PAPERSPACE_API_KEY=" + KEY,
                "PROVIDER=paperspace",
                "PAPERSPACE_API_URL=" + api.baseUrl(),
                "PRIMARY_MACHINE_ID=psprimary",
                "SECONDARY_MACHINE_ID=pssecondary",
                "PRIMARY_URL=http://127.0.0.1:" + platformPort,
                "SECONDARY_URL=http://127.0.0.1:" + FreePorts.next(),
                "PLATFORM_RESTART_COMMAND=sh " + restartScript,
                "PLATFORM_RESTART_TIMEOUT_SECONDS=30",
                "DATA_DIR=" + dataDir,
                "LOAD_BALANCER=none",
                "ADMIN_LISTEN=127.0.0.1:" + adminPort,
                "ADMIN_TOKEN=guide-admin-token-1234",
                "POLL_INTERVAL_SECONDS=1",
                "METRICS_TIMEOUT_SECONDS=2",
                "HEALTH_FAILURES_FOR_FAILOVER=2",
                "START_TIMEOUT_SECONDS=300",
                ""));
        admin = new AdminClient("127.0.0.1:" + adminPort, "guide-admin-token-1234");
    }

    @AfterEach
    void stopEverything() throws IOException {
        if (daemon != null) {
            daemon.destroyForcibly();
        }
        platformProcess().ifPresent(ProcessHandle::destroyForcibly);
        api.close();
        // Kept for a failed run: the temp dir goes away.
        Files.writeString(Path.of("target", "GuideLayoutFailoverIT-autoscaler.log"), daemonLog());
    }

    @Test
    void killingThePrimarysPlatformStartsTheSecondaryAndRestartsThePlatformButNeverTheMachine() throws Exception {
        runRestartScript();
        await().atMost(BOOT).ignoreExceptions().until(() -> health() == 200);
        daemon = new ProcessBuilder(BinMcscale.repositoryRoot().resolve("bin/mcscale").toString(), "autoscaler", "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("autoscaler.log").toFile()).start();
        await().atMost(BOOT).failFast("the autoscaler exited", () -> assertThat(daemon.isAlive()).as(this::daemonLog).isTrue())
                .until(() -> phase(0).equals("serving"));
        ProcessHandle firstPlatform = platformProcess().orElseThrow();

        firstPlatform.destroyForcibly(); // kill -9
        firstPlatform.onExit().join();

        await().atMost(BOOT).until(() -> api.count("PATCH", "/machines/pssecondary/start") >= 1);
        await().atMost(BOOT).until(() -> Files.readAllLines(platformDir.resolve("restarts")).size() == 2);
        await().atMost(BOOT).ignoreExceptions().until(() -> health() == 200);
        assertThat(platformProcess()).get().isNotEqualTo(firstPlatform);
        await().atMost(Duration.ofSeconds(30)).until(() -> actions().stream().anyMatch(a -> a.kind() == ActionKind.RESTART_PLATFORM));
        ActionRecord repair = actions().stream().filter(a -> a.kind() == ActionKind.RESTART_PLATFORM).findFirst().orElseThrow();
        assertThat(repair.machineId()).isEqualTo("psprimary");
        assertThat(repair.result()).contains(ActionResult.OK);
        assertThat(repair.detail()).get().asString().contains("the scaler runs on this machine", "PLATFORM_RESTART_COMMAND");
        // The primary answers again: failover ends.
        await().atMost(BOOT).until(() -> actions().stream()
                .anyMatch(a -> a.kind() == ActionKind.FAILOVER && a.result().orElse(null) == ActionResult.OK));

        assertThat(api.requests()).as("requests that would stop or reboot the scaler's own machine")
                .noneMatch(r -> r.method().equals("PATCH") && r.path().startsWith("/machines/psprimary/"));
        assertThat(api.appliedActions("psprimary", "stop") + api.appliedActions("psprimary", "restart")).isZero();
    }

    private String daemonLog() {
        try {
            return Files.readString(dir.resolve("autoscaler.log"));
        } catch (IOException e) {
            return "(no autoscaler.log)";
        }
    }

    private void runRestartScript() throws Exception {
        Process script = new ProcessBuilder("sh", restartScript.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.log").toFile()).start();
        assertThat(script.waitFor()).isZero();
    }

    private Optional<ProcessHandle> platformProcess() throws IOException {
        Path pid = platformDir.resolve("platform.pid");
        return Files.exists(pid) ? ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())) : Optional.empty();
    }

    private int health() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platformPort + "/api/health"))
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String phase(int machine) {
        try {
            JsonNode status = admin.status();
            return status.path("instances").path(machine).path("phase").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private List<ActionRecord> actions() {
        try (EventStore store = EventStore.open(dataDir.resolve("events.db"))) {
            return store.recentActions(200);
        }
    }
}
