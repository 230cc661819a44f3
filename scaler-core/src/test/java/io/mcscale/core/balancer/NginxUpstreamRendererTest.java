package io.mcscale.core.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.core.model.Backend;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NginxUpstreamRendererTest {
    private static final String HEADER =
            "# Written by mcscale (monte-carlo-autoscaler) at every scaling action: edits here are lost.\n";

    record Case(
            String name,
            // renderer settings
            NginxUpstreamRenderer renderer,
            // serving instances
            List<String> backends,
            // expected file
            String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("primary only", NginxUpstreamRenderer.DEFAULT,
                        List.of("127.0.0.1:8000"),
                        HEADER + """
                        upstream monte_carlo_backend {
                            server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;
                            keepalive 16;
                        }
                        """),
                new Case("primary and secondary, in the order given", NginxUpstreamRenderer.DEFAULT,
                        List.of("10.0.0.5:8000", "ps-secondary.internal:8000"),
                        HEADER + """
                        upstream monte_carlo_backend {
                            server 10.0.0.5:8000 max_fails=3 fail_timeout=10s;
                            server ps-secondary.internal:8000 max_fails=3 fail_timeout=10s;
                            keepalive 16;
                        }
                        """),
                new Case("a backend listed twice gets one server line", NginxUpstreamRenderer.DEFAULT,
                        List.of("127.0.0.1:8000", "127.0.0.1:8001", "127.0.0.1:8000"),
                        HEADER + """
                        upstream monte_carlo_backend {
                            server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;
                            server 127.0.0.1:8001 max_fails=3 fail_timeout=10s;
                            keepalive 16;
                        }
                        """),
                new Case("IPv6 literal and custom settings", new NginxUpstreamRenderer("mc", 1, 2, 4),
                        List.of("[::1]:9000"),
                        HEADER + """
                        upstream mc {
                            server [::1]:9000 max_fails=1 fail_timeout=2s;
                            keepalive 4;
                        }
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersOneServerLinePerServingInstance(Case c) {
        List<Backend> backends = c.backends().stream().map(Backend::parse).toList();
        assertThat(c.renderer().render(backends)).isEqualTo(c.expected());
    }

    @Test
    void refusesToRenderAnUpstreamWithNoServer() {
        assertThatThrownBy(() -> NginxUpstreamRenderer.DEFAULT.render(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one server");
    }

    @Test
    void refusesSettingsThatCouldInjectDirectives() {
        assertThatThrownBy(() -> new NginxUpstreamRenderer("x { } server evil", 3, 10, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upstream name");
        assertThatThrownBy(() -> new NginxUpstreamRenderer("ok", 0, 10, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_fails");
        assertThatThrownBy(() -> new NginxUpstreamRenderer("ok", 3, 0, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fail_timeout");
        assertThatThrownBy(() -> new NginxUpstreamRenderer("ok", 3, 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepalive");
    }

    @Property(tries = 200)
    void everyLineIsAFixedShapeWhateverTheBackends(
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 65535) Integer> ports) {
        List<Backend> backends = ports.stream().map(port -> new Backend("127.0.0.1", port)).toList();
        String[] lines = NginxUpstreamRenderer.DEFAULT.render(backends).split("\n");
        long distinct = backends.stream().distinct().count();
        assertThat(lines).hasSize((int) distinct + 4);
        assertThat(Arrays.copyOfRange(lines, 2, lines.length - 2))
                .allMatch(line -> line.matches("    server 127\\.0\\.0\\.1:\\d{1,5} max_fails=3 fail_timeout=10s;"));
    }

    @Property(tries = 200)
    void parseGivesBackTheDistinctBackendsRenderWrote(
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 65535) Integer> ports,
            @ForAll boolean ipv6) {
        List<Backend> backends = ports.stream().map(port -> new Backend(ipv6 ? "[::1]" : "10.0.0.5", port)).toList();

        assertThat(NginxUpstreamRenderer.parse(NginxUpstreamRenderer.DEFAULT.render(backends)))
                .containsExactlyElementsOf(backends.stream().distinct().toList());
    }

    @Test
    void parseReadsAOneLineUpstreamAndSkipsComments() {
        String file = "# server 6.6.6.6:80 was here\nupstream monte_carlo_backend { server 127.0.0.1:8000; server ps-b.internal:8001 weight=2; }\n";

        assertThat(NginxUpstreamRenderer.parse(file))
                .containsExactly(new Backend("127.0.0.1", 8000), new Backend("ps-b.internal", 8001));
    }

    @Test
    void parseOfAFileWithoutServersIsEmptyAndABadAddressIsNamed() {
        assertThat(NginxUpstreamRenderer.parse("upstream monte_carlo_backend {\n    keepalive 16;\n}\n")).isEmpty();
        assertThatThrownBy(() -> NginxUpstreamRenderer.parse("upstream x { server unix:/tmp/socket; }"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unix:/tmp/socket");
    }
}
