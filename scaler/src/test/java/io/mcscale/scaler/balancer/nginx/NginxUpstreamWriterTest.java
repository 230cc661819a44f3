package io.mcscale.scaler.balancer.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.BalancerException;
import io.mcscale.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real nginx (managed, on an ephemeral loopback port) in front of two real HTTP backends. */
class NginxUpstreamWriterTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private NamedBackend primary;
    private NamedBackend secondary;
    private ManagedNginx nginx;

    @BeforeEach
    void startPrimaryBehindNginx() throws Exception {
        primary = new NamedBackend("primary");
        secondary = new NamedBackend("secondary");
        nginx = ManagedNginx.start(dir.resolve("nginx"), FreePorts.next(), List.of(primary.backend()), "nginx");
    }

    @AfterEach
    void stopAll() {
        nginx.close();
        primary.close();
        secondary.close();
    }

    @Test
    void shouldSendRequestsToBothInstancesOnceTheSecondaryIsRouted() throws Exception {
        NginxUpstreamWriter writer = new NginxUpstreamWriter(nginx);
        assertThat(answers(10)).containsOnly("primary");

        writer.route(List.of(primary.backend(), secondary.backend()));

        assertThat(answers(20)).containsExactlyInAnyOrder("primary", "secondary");
        assertThat(Files.readString(nginx.upstreamFile()))
                .contains("server " + primary.backend() + " max_fails=3 fail_timeout=10s;")
                .contains("server " + secondary.backend() + " max_fails=3 fail_timeout=10s;");
    }

    @Test
    void shouldStopSendingRequestsToARemovedInstance() throws Exception {
        NginxUpstreamWriter writer = new NginxUpstreamWriter(nginx);
        writer.route(List.of(primary.backend(), secondary.backend()));
        assertThat(answers(20)).contains("secondary");

        writer.route(List.of(primary.backend()));
        int secondaryBefore = secondary.requests.get();

        assertThat(answers(20)).containsOnly("primary");
        assertThat(secondary.requests.get()).isEqualTo(secondaryBefore);
    }

    @Test
    void shouldLetAnInFlightRequestFinishOnAnInstanceRemovedDuringIt() throws Exception {
        NginxUpstreamWriter writer = new NginxUpstreamWriter(nginx);
        writer.route(List.of(secondary.backend()));
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(get("/slow"), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> secondary.requests.get() == 1);

        writer.route(List.of(primary.backend()));

        HttpResponse<String> response = inFlight.get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("secondary");
        assertThat(answers(5)).containsOnly("primary");
    }

    @Test
    void shouldPassTheUserIdThrough() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.port() + "/api/metrics"))
                        .header("X-User-Id", "alice").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("primary user=alice");
    }

    @Test
    void shouldRejectABadUpstreamAndKeepTheLastGoodOneLive() throws Exception {
        NginxUpstreamWriter writer = new NginxUpstreamWriter(nginx);
        writer.route(List.of(primary.backend(), secondary.backend()));
        String good = Files.readString(nginx.upstreamFile());

        // A valid address whose host nginx cannot resolve: nginx -t fails with "host not found".
        assertThatThrownBy(() -> writer.route(List.of(new Backend("no-such-instance.invalid", 8000))))
                .isInstanceOf(BalancerException.class)
                .hasMessageContaining("last good upstream stays live")
                .hasMessageContaining("host not found");

        assertThat(Files.readString(nginx.upstreamFile())).isEqualTo(good);
        assertThat(nginx.upstreamFile().resolveSibling("monte-carlo-upstream.conf.rejected")).exists();
        assertThat(answers(20)).containsExactlyInAnyOrder("primary", "secondary");
    }

    @Test
    void shouldNeverLoadARenderThatIsNotNginxSyntax() throws Exception {
        NginxUpstreamWriter writer = new NginxUpstreamWriter(nginx, backends -> "upstream monte_carlo_backend { server ; }\n");
        String good = Files.readString(nginx.upstreamFile());

        assertThatThrownBy(() -> writer.route(List.of(secondary.backend()))).isInstanceOf(BalancerException.class);

        assertThat(Files.readString(nginx.upstreamFile())).isEqualTo(good);
        assertThat(answers(10)).containsOnly("primary");
    }

    @Test
    void shouldRefuseToRouteToNoInstanceAndKeepServing() {
        NginxUpstreamWriter writer = new NginxUpstreamWriter(nginx);

        assertThatThrownBy(() -> writer.route(List.of()))
                .isInstanceOf(BalancerException.class).hasMessageContaining("at least one server");
        assertThat(answers(5)).containsOnly("primary");
    }

    @Test
    void shouldRouteThroughTheConfiguredCommandsInSystemMode() throws Exception {
        // System mode runs NGINX_TEST_COMMAND and NGINX_RELOAD_COMMAND; here they address the test's nginx.
        String config = " -p " + nginx.prefix() + "/ -c " + nginx.prefix().resolve("conf/nginx.conf");
        SystemNginx system = new SystemNginx(nginx.upstreamFile(), "nginx -t" + config, "nginx -s reload" + config);
        NginxUpstreamWriter writer = new NginxUpstreamWriter(system);

        writer.route(List.of(secondary.backend()));

        // A system reload is asynchronous: nginx switches once its new workers run.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(answers(5)).containsOnly("secondary"));
    }

    @Test
    void shouldSendNothingToABackupRegionsInstanceWhileThePrimaryServes() throws Exception {
        NginxUpstreamWriter writer = new NginxUpstreamWriter(nginx);

        writer.route(List.of(primary.backend(), secondary.backend()), Map.of(secondary.backend(), ServerWeight.BACKUP));

        assertThat(Files.readString(nginx.upstreamFile()))
                .contains("server " + secondary.backend() + " backup max_fails=3 fail_timeout=10s;")
                .contains("server " + primary.backend() + " max_fails=3 fail_timeout=10s;");
        assertThat(answers(20)).containsOnly("primary");
        assertThat(secondary.requests.get()).isZero();
    }

    @Test
    void shouldAcceptARemoteRegionsWeightAndAnUpstreamOfBackupsOnly() throws Exception {
        NginxUpstreamWriter writer = new NginxUpstreamWriter(nginx);

        writer.route(List.of(primary.backend(), secondary.backend()), Map.of(secondary.backend(), ServerWeight.parse("3")));
        assertThat(Files.readString(nginx.upstreamFile())).contains("server " + secondary.backend() + " weight=3 max_fails");
        assertThat(answers(40)).containsExactlyInAnyOrder("primary", "secondary");

        // Only the remote region serves (the primary failed over): nginx needs a non-backup server, so none is backup.
        writer.route(List.of(secondary.backend()), Map.of(secondary.backend(), ServerWeight.BACKUP));
        assertThat(Files.readString(nginx.upstreamFile())).doesNotContain("backup");
        assertThat(answers(10)).containsOnly("secondary");
    }

    private Set<String> answers(int requests) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            try {
                HttpResponse<String> response = http.send(get("/"), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                names.add(response.body());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("request through nginx failed", e);
            }
        }
        return names;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.port() + path)).build();
    }
}
