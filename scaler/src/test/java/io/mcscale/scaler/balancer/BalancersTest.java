package io.mcscale.scaler.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.nginx.ManagedNginx;
import io.mcscale.scaler.config.BalancerSettings;
import io.mcscale.scaler.config.BalancerSettings.Kind;
import io.mcscale.scaler.config.BalancerSettings.NginxMode;
import io.mcscale.testkit.FreePorts;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BalancersTest {
    @TempDir
    Path dir;

    private static final List<Backend> PRIMARY = List.of(new Backend("127.0.0.1", 8000));

    @Test
    void noneRoutesNothing() throws Exception {
        try (RunningBalancer balancer = Balancers.open(settings(Kind.NONE, NginxMode.SYSTEM, 8080), PRIMARY)) {
            balancer.route(PRIMARY);
            assertThat(balancer.description()).contains("none");
        }
    }

    @Test
    void managedModeStartsNginxOnTheListenPortAndStopsItOnClose() throws Exception {
        int port = FreePorts.next();
        RunningBalancer balancer = Balancers.open(settings(Kind.NGINX, NginxMode.MANAGED, port), PRIMARY);
        try (Socket connected = new Socket("127.0.0.1", port)) {
            assertThat(connected.isConnected()).isTrue();
            assertThat(ManagedNginx.routedBackends(dir.resolve("nginx"))).containsExactlyElementsOf(PRIMARY);
        } finally {
            balancer.close();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void systemModeChecksWithTheConfiguredTestCommand() throws Exception {
        // "false" stands for an nginx -t that rejects everything: nothing may reach the upstream file.
        BalancerSettings settings = new BalancerSettings(Kind.NGINX, NginxMode.SYSTEM, dir.resolve("upstream.conf"),
                "true", "false", 8080, dir.resolve("nginx"));
        try (RunningBalancer balancer = Balancers.open(settings, PRIMARY)) {
            assertThatThrownBy(() -> balancer.route(PRIMARY)).isInstanceOf(BalancerException.class)
                    .hasMessageContaining("'false -p");
            assertThat(dir.resolve("upstream.conf")).doesNotExist();
            assertThat(balancer.description()).contains("system nginx");
        }
    }

    private BalancerSettings settings(Kind kind, NginxMode mode, int port) {
        return new BalancerSettings(kind, mode, dir.resolve("upstream.conf"), "nginx -s reload", "nginx -t", port, dir.resolve("nginx"));
    }
}
