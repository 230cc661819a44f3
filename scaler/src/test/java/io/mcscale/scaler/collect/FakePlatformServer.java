package io.mcscale.scaler.collect;

import com.sun.net.httpserver.HttpServer;
import io.mcscale.core.model.Backend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server on port 0 that answers like a platform instance: the metrics JSON,
 * health status and code, and the admin calls, all scriptable. It records the admin calls and
 * their Authorization headers.
 */
public final class FakePlatformServer implements AutoCloseable {
    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per request.
        // The JDK reads this once, at its first server: set here, it holds whichever test creates one first.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    public volatile String metricsBody = metricsJson(1, 10, 0, 100);
    public volatile int metricsStatus = 200;
    public volatile int healthStatus = 200;
    public volatile String healthBody = "{\"status\":\"ok\"}";
    /** When set, metrics requests hang until the server closes: a stuck instance. */
    public volatile boolean hangMetrics;
    /** When set, a metrics request is answered only once every party of the barrier has asked (at most 5 s). */
    public volatile java.util.concurrent.CyclicBarrier metricsBarrier;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    public final List<String> adminCalls = new CopyOnWriteArrayList<>();

    public FakePlatformServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/metrics", ex -> {
            pause();
            answer(ex, metricsStatus, metricsBody);
        });
        server.createContext("/api/health", ex -> answer(ex, healthStatus, healthBody));
        server.createContext("/api/admin/", ex -> {
            adminCalls.add(ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            answer(ex, 200, "{}");
        });
        server.start();
    }

    public static String metricsJson(int users, double cpu, int queue, double responseMs) {
        return "{\"active_users\":" + users + ",\"cpu_usage\":" + cpu + ",\"memory_usage\":40.0,\"gpu_usage\":null,"
                + "\"simulation_queue_length\":" + queue + ",\"avg_response_time\":" + responseMs + "}";
    }

    public Backend backend() {
        return new Backend("127.0.0.1", server.getAddress().getPort());
    }

    private void pause() {
        java.util.concurrent.CyclicBarrier barrier = metricsBarrier;
        if (barrier != null) {
            try {
                barrier.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
                // answer anyway: the client's deadline decides whether it still listens
            }
        }
        if (hangMetrics) {
            try {
                closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
