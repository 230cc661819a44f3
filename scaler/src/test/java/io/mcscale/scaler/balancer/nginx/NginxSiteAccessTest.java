package io.mcscale.scaler.balancer.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.mcscale.core.balancer.NginxUpstreamRenderer;
import io.mcscale.core.model.Backend;
import io.mcscale.testkit.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/nginx/monte-carlo.conf run by a real nginx, on loopback only. nginx's own realip module
 * makes it take the client address from a header that only this test's harness trusts, so the
 * site's real {@code allow}/{@code deny} lines are judged against a public, a private and the
 * loopback address without any traffic to an address other than 127.0.0.1.
 */
class NginxSiteAccessTest {
    /** Trusted by this test's nginx only (set_real_ip_from 127.0.0.1): the client address nginx judges. */
    private static final String CLIENT_HEADER = "X-Test-Client-Address";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer backend;
    private Process nginx;

    @TempDir
    Path prefix;

    @AfterEach
    void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(15, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    @Test
    void adminEndpointsAndMetricsAreRefusedToAPublicAddressAndServedToLoopbackAndPrivateNetworks() throws Exception {
        int port = FreePorts.next();
        startBackend();
        String site = ManagedNginx.resource("monte-carlo.conf")
                .replace("    listen 80;", "    listen 127.0.0.1:" + port + ";\n"
                        + "    set_real_ip_from 127.0.0.1;\n    real_ip_header " + CLIENT_HEADER + ";");
        startNginx(site, port);
        String site127 = "http://127.0.0.1:" + port;

        assertThat(get(site127 + "/metrics", Optional.empty())).isEqualTo(200);
        assertThat(post(site127 + "/api/admin/drain", Optional.empty())).isEqualTo(200);
        for (String privateClient : List.of("10.1.2.3", "172.20.0.9", "192.168.1.20", "fd00::7")) {
            assertThat(get(site127 + "/metrics", Optional.of(privateClient))).as(privateClient).isEqualTo(200);
            assertThat(post(site127 + "/api/admin/drain", Optional.of(privateClient))).as(privateClient).isEqualTo(200);
        }
        for (String publicClient : List.of("203.0.113.7", "172.32.0.1", "2001:db8::1")) {
            assertThat(get(site127 + "/metrics", Optional.of(publicClient))).as(publicClient).isEqualTo(403);
            assertThat(post(site127 + "/api/admin/drain", Optional.of(publicClient))).as(publicClient).isEqualTo(403);
            assertThat(post(site127 + "/api/admin/resume", Optional.of(publicClient))).as(publicClient).isEqualTo(403);
            // The public site itself still serves the public.
            assertThat(get(site127 + "/api/health", Optional.of(publicClient))).as(publicClient).isEqualTo(200);
            assertThat(get(site127 + "/api/metrics", Optional.of(publicClient))).as(publicClient).isEqualTo(200);
        }
    }

    @Test
    void theDocumentedTlsBlockPassesNginxTestOnceUncommented() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path key = prefix.resolve("privkey.pem");
        Path certificate = prefix.resolve("fullchain.pem");
        NginxCommands.run(List.of("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=sim.example.com", "-keyout", key.toString(), "-out", certificate.toString()));
        String site = ManagedNginx.resource("monte-carlo.conf");
        String tls = site.substring(site.indexOf("# server {")).lines()
                .map(line -> line.startsWith("# ") ? line.substring(2) : line.equals("#") ? "" : line)
                .collect(Collectors.joining("\n"))
                .replace("/etc/letsencrypt/live/sim.example.com/fullchain.pem", certificate.toString())
                .replace("/etc/letsencrypt/live/sim.example.com/privkey.pem", key.toString())
                .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + FreePorts.next() + " ssl http2;")
                .replace("listen [::]:443 ssl http2;", "");
        assertThat(tls).contains(certificate.toString(), key.toString(), "location /api/admin/", "deny all;").doesNotContain("listen 443", "listen [::]");
        Files.writeString(prefix.resolve("upstream.conf"), NginxUpstreamRenderer.DEFAULT.render(List.of(new Backend("127.0.0.1", 8000))));
        Files.writeString(prefix.resolve("tls.conf"), tls);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, NginxCommands.isolatedConfig(prefix, List.of(prefix.resolve("upstream.conf"), prefix.resolve("tls.conf"))));

        String output = NginxCommands.run(List.of("nginx", "-t", "-p", prefix + "/", "-c", conf.toString()));

        assertThat(output).contains("test is successful");
    }

    private void startBackend() throws Exception {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = ("backend " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
    }

    private void startNginx(String site, int port) throws Exception {
        Files.writeString(prefix.resolve("upstream.conf"),
                NginxUpstreamRenderer.DEFAULT.render(List.of(new Backend("127.0.0.1", backend.getAddress().getPort()))));
        Files.writeString(prefix.resolve("site.conf"), site);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, "daemon off;\n"
                + NginxCommands.isolatedConfig(prefix, List.of(prefix.resolve("upstream.conf"), prefix.resolve("site.conf"))));
        nginx = new ProcessBuilder("nginx", "-p", prefix + "/", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("console.log").toFile()).start();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            }
        });
    }

    private int get(String url, Optional<String> client) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)), client);
    }

    private int post(String url, Optional<String> client) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{}")), client);
    }

    private int send(HttpRequest.Builder request, Optional<String> client) throws Exception {
        client.ifPresent(address -> request.header(CLIENT_HEADER, address));
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
