package io.mcscale.scaler.balancer.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.balancer.NginxUpstreamRenderer;
import io.mcscale.core.model.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files in deploy/nginx pass {@code nginx -t} laid out as a system install would, with a temp prefix. */
class DeployTemplatesTest {
    @TempDir
    Path prefix;

    @Test
    void siteAndUpstreamTemplatesPassNginxTest() throws Exception {
        Files.writeString(prefix.resolve("monte-carlo.conf"), ManagedNginx.resource("monte-carlo.conf"));
        Files.writeString(prefix.resolve("monte-carlo-upstream.conf"), ManagedNginx.resource("monte-carlo-upstream.conf"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, NginxCommands.isolatedConfig(prefix,
                List.of(prefix.resolve("monte-carlo-upstream.conf"), prefix.resolve("monte-carlo.conf"))));

        String output = NginxCommands.run(List.of("nginx", "-t", "-p", prefix + "/", "-c", conf.toString()));

        assertThat(output).contains("test is successful");
    }

    @Test
    void upstreamTemplateIsWhatTheScalerRendersForThePrimary() {
        assertThat(ManagedNginx.resource("monte-carlo-upstream.conf"))
                .isEqualTo(NginxUpstreamRenderer.DEFAULT.render(List.of(new Backend("127.0.0.1", 8000))));
    }

    @Test
    void managedSiteListensOnLoopbackOnly() {
        assertThat(ManagedNginx.siteConfig(18080)).contains("    listen 127.0.0.1:18080;").doesNotContain("listen 80;");
    }
}
