package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.cli.demo.DemoRun;
import io.mcscale.cli.load.LoadUser;
import io.mcscale.cli.demo.DemoTimings;
import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.nginx.ManagedNginx;
import io.mcscale.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover end to end: {@code bin/mcscale autoscaler} with the local provider and managed nginx
 * (real processes, free loopback ports, the demo's short timings). Killing the primary's process
 * starts the secondary at once; nginx routes to it and the simulations that enter nginx run there.
 */
class NginxFailoverIT {
    static final Path INSTALL_DIR = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ServerSocket primaryPort;

    @AfterEach
    void releasePrimaryPortAndShowTheScalerLog() throws IOException {
        if (primaryPort != null) {
            primaryPort.close();
        }
        for (String name : new String[] {"autoscaler.log", "local/" + DemoRun.PRIMARY + ".log", "local/" + DemoRun.SECONDARY + ".log"}) {
            Path log = dir.resolve(name);
            if (Files.exists(log)) {
                System.out.println("---- " + name + " ----\n" + Files.readString(log));
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void shouldServeFromTheSecondaryWhenThePrimaryProcessIsKilled() throws Exception {
        DemoRun.DemoPorts ports = new DemoRun.DemoPorts(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
        try (DemoRun run = new DemoRun(INSTALL_DIR, dir, ports, DemoTimings.FAST, System.out, false)) {
            run.start();
            assertThat(simulateThroughNginx(ports.nginx(), run.users().get(0)).path("instance_id").asText()).isEqualTo(DemoRun.PRIMARY);

            long primaryPid = Long.parseLong(Files.readString(dir.resolve("local/" + DemoRun.PRIMARY + ".pid")).strip());
            Optional<ProcessHandle> primary = ProcessHandle.of(primaryPid);
            primary.ifPresent(ProcessHandle::destroyForcibly);
            primary.ifPresent(p -> p.onExit().join());
            // The machine stays dead: its port is held by a socket that never answers, so health checks time out
            // and the scaler's restart of the primary cannot bind. Without this an idle machine restarts the
            // primary within the health-failure count and never needs the failover this test is about.
            primaryPort = new ServerSocket();
            primaryPort.setReuseAddress(true);
            primaryPort.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.primary()));

            // Every instance works the shared queue, so a job may run anywhere: what must happen is
            // that nginx routes to the secondary and simulations entering nginx succeed and run there.
            Set<String> ranOn = new HashSet<>();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                ranOn.add(simulateThroughNginx(ports.nginx(), run.users().get(0)).path("instance_id").asText());
                assertThat(ranOn).contains(DemoRun.SECONDARY);
            });
            assertThat(ManagedNginx.routedBackends(run.nginxPrefix())).contains(new Backend("127.0.0.1", ports.secondary()));
            assertThat(ProcessHandle.of(primaryPid)).as("the killed primary process").isEmpty();
        }
    }

    /** A simulation through nginx, as one of the demo's users (its platforms know users by API key). */
    private JsonNode simulateThroughNginx(int port, LoadUser user) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/simulations?wait=30"))
                .header("Authorization", "Bearer " + user.apiKey()).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"pi\",\"paths\":10000,\"seed\":7}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
        return JSON.readTree(response.body());
    }
}
