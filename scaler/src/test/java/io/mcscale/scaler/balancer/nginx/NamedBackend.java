package io.mcscale.scaler.balancer.nginx;

import com.sun.net.httpserver.HttpServer;
import io.mcscale.core.model.Backend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on a loopback ephemeral port that answers with its name; {@code /slow} answers after a second. */
final class NamedBackend implements AutoCloseable {
    final String name;
    final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    NamedBackend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                try {
                    // The backend is slow on purpose: the request is in flight while nginx reloads.
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String user = exchange.getRequestHeaders().getFirst("X-User-Id");
            byte[] body = (name + (user == null ? "" : " user=" + user)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    Backend backend() {
        return new Backend("127.0.0.1", server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
