package io.mcscale.scaler.balancer.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.mcscale.core.balancer.NginxUpstreamRenderer;
import io.mcscale.core.model.Backend;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/nginx/monte-carlo.conf run by a real nginx. A request from loopback and one from a public
 * address reach the very same nginx: the public one comes from this machine's own non-private
 * address (e.g. 192.0.2.2), which nginx sees as {@code $remote_addr}. The traffic never leaves the
 * machine. Without such an address the access test is skipped; the allow/deny lines are then still
 * checked by {@link DeployTemplatesTest}'s {@code nginx -t}.
 */
class NginxSiteAccessTest {
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
    void adminEndpointsAndMetricsAreRefusedToAPublicAddressAndServedToLoopback() throws Exception {
        Optional<InetAddress> publicAddress = nonPrivateAddressOfThisMachine();
        assumeTrue(publicAddress.isPresent(), "this machine has no non-private address to send from");
        String address = publicAddress.get().getHostAddress();
        int loopbackPort = freePort(InetAddress.getLoopbackAddress());
        int publicPort = freePort(publicAddress.get());
        startBackend();
        String site = ManagedNginx.resource("monte-carlo.conf")
                .replace("    listen 80;", "    listen 127.0.0.1:" + loopbackPort + ";\n    listen " + address + ":" + publicPort + ";");
        startNginx(site);

        String loopback = "http://127.0.0.1:" + loopbackPort;
        String outside = "http://" + address + ":" + publicPort;
        assertThat(get(loopback + "/metrics")).isEqualTo(200);
        assertThat(post(loopback + "/api/admin/drain")).isEqualTo(200);
        assertThat(get(outside + "/metrics")).isEqualTo(403);
        assertThat(post(outside + "/api/admin/drain")).isEqualTo(403);
        assertThat(post(outside + "/api/admin/resume")).isEqualTo(403);
        // The public site itself still serves the public.
        assertThat(get(outside + "/api/health")).isEqualTo(200);
        assertThat(get(outside + "/api/metrics")).isEqualTo(200);
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
                .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + freePort(InetAddress.getLoopbackAddress()) + " ssl http2;")
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

    private void startNginx(String site) throws Exception {
        Files.writeString(prefix.resolve("upstream.conf"),
                NginxUpstreamRenderer.DEFAULT.render(List.of(new Backend("127.0.0.1", backend.getAddress().getPort()))));
        Files.writeString(prefix.resolve("site.conf"), site);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, "daemon off;\n"
                + NginxCommands.isolatedConfig(prefix, List.of(prefix.resolve("upstream.conf"), prefix.resolve("site.conf"))));
        nginx = new ProcessBuilder("nginx", "-p", prefix + "/", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("console.log").toFile()).start();
        int port = Integer.parseInt(site.replaceAll("(?s).*listen 127\\.0\\.0\\.1:([0-9]+);.*", "$1"));
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            }
        });
    }

    private int get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int post(String url) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** An IPv4 address of this machine outside loopback, link-local and the private ranges, e.g. 192.0.2.2. */
    private static Optional<InetAddress> nonPrivateAddressOfThisMachine() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(NginxSiteAccessTest::isUp)
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isSiteLocalAddress() && !a.isAnyLocalAddress())
                .findFirst();
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    private static int freePort(InetAddress address) throws Exception {
        try (var socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        }
    }
}
