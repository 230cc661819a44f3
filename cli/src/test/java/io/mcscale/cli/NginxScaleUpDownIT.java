package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.cli.demo.DemoRun;
import io.mcscale.cli.demo.DemoTimings;
import io.mcscale.cli.load.LoadGenerator;
import io.mcscale.cli.load.LoadReport;
import io.mcscale.scaler.balancer.nginx.ManagedNginx;
import io.mcscale.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-up and scale-down end to end through real nginx, independent of how busy the machine is:
 * the operator's {@code POST /api/scale} (force: no cooldown) drives the autoscaler while users keep
 * submitting through nginx. Up: nginx routes to both and simulations run on both. Down: the
 * secondary leaves nginx, drains and stops, and no request fails and no simulation is lost.
 * (The policy's own decisions are what {@code DemoFastIT} shows, on a machine quiet enough.)
 */
class NginxScaleUpDownIT {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldScaleUpAndDownThroughNginxWithNoFailedRequestAndNoLostSimulation() throws Exception {
        DemoRun.DemoPorts ports = new DemoRun.DemoPorts(FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next());
        try (DemoRun run = new DemoRun(NginxFailoverIT.INSTALL_DIR, dir, ports, DemoTimings.FAST, System.out, false)) {
            run.start();
            try (LoadGenerator users = new LoadGenerator(run.demoUsers(2_000_000))) {
                scaleUpAndDown(run, ports, users);
            }
        }
    }

    private void scaleUpAndDown(DemoRun run, DemoRun.DemoPorts ports, LoadGenerator users) throws Exception {
        users.setActiveUsers(3);

        scale(run, ports, "up");
        await().atMost(Duration.ofSeconds(90)).until(() -> ManagedNginx.routedBackends(run.nginxPrefix()).size() == 2);
        // Both: the secondary works the shared queue, and nginx routes users' requests to it, before it leaves.
        await().atMost(Duration.ofSeconds(60)).until(() -> users.instancesThatRan().contains(DemoRun.SECONDARY)
                && users.instancesThatAnswered().contains(DemoRun.SECONDARY));

        scale(run, ports, "down");
        await().atMost(Duration.ofSeconds(90))
                .until(() -> ManagedNginx.routedBackends(run.nginxPrefix()).size() == 1 && !DemoRun.listening(ports.secondary()));
        long simulationsAfterScaleDown = users.snapshot().accepted();
        await().atMost(Duration.ofSeconds(30)).until(() -> users.snapshot().accepted() > simulationsAfterScaleDown + 3);
        LoadReport report = users.stop(Duration.ofSeconds(60));

        assertThat(report.errors() + report.throttled()).as("failed requests: %s", users.firstFailures()).isZero();
        assertThat(report.lost() + report.failed()).as("lost simulations: %s", users.firstFailures()).isZero();
        assertThat(report.succeeded()).isEqualTo(report.accepted());
        assertThat(users.instancesThatRan()).containsExactlyInAnyOrder(DemoRun.PRIMARY, DemoRun.SECONDARY);
        assertThat(users.instancesThatAnswered()).as("instances nginx routed requests to")
                .containsExactlyInAnyOrder(DemoRun.PRIMARY, DemoRun.SECONDARY);
    }

    private void scale(DemoRun run, DemoRun.DemoPorts ports, String direction) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.admin() + "/api/scale"))
                .header("Authorization", "Bearer " + run.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"direction\":\"" + direction + "\",\"force\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
    }
}
