package io.mcscale.scaler.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.model.Backend;
import io.mcscale.core.model.MetricSample;
import io.mcscale.scaler.net.HttpDeadline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Talks to one platform instance over HTTP: its metrics and health (Contract 1), and the admin
 * drain/resume calls (Bearer {@code PLATFORM_ADMIN_TOKEN}). Every call has one deadline for the whole
 * answer, body included ({@link HttpDeadline}), and reports a failure as a value or an
 * {@link IOException}, so a slow or stalled instance never stalls the tick.
 */
public final class PlatformClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;
    private final String adminToken;

    public PlatformClient(Duration timeout, String adminToken) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.adminToken = adminToken == null ? "" : adminToken;
    }

    public MetricsRead metrics(Backend backend) {
        HttpResponse<String> response;
        try {
            response = HttpDeadline.send(http, get(backend, "/api/metrics"), timeout);
        } catch (IOException e) {
            return new MetricsRead.Failed("GET " + backend + "/api/metrics failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MetricsRead.Failed("interrupted");
        }
        if (response.statusCode() != 200) {
            return new MetricsRead.Failed("GET " + backend + "/api/metrics answered HTTP " + response.statusCode());
        }
        try {
            return new MetricsRead.Ok(MetricSample.parseJson(response.body()));
        } catch (IllegalArgumentException e) {
            return new MetricsRead.Failed("malformed metrics from " + backend + ": " + e.getMessage());
        }
    }

    public Health health(Backend backend) {
        try {
            HttpResponse<String> response = HttpDeadline.send(http, get(backend, "/api/health"), timeout);
            if (response.statusCode() == 200) {
                return Health.OK;
            }
            // Only a 503 whose status says draining is a drain; every other answer (unhealthy store, a
            // replaced database, a proxy's error page) means the instance cannot do its job.
            return "draining".equals(status(response.body())) ? Health.DRAINING : Health.UNHEALTHY;
        } catch (IOException e) {
            return Health.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.UNREACHABLE;
        }
    }

    /** {@code POST /api/admin/drain}: the instance finishes its running work and takes no new work. */
    public void drain(Backend backend) throws IOException {
        postAdmin(backend, "/api/admin/drain");
    }

    /** {@code POST /api/admin/resume}: cancels a drain; the instance takes work again. */
    public void resume(Backend backend) throws IOException {
        postAdmin(backend, "/api/admin/resume");
    }

    private void postAdmin(Backend backend, String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri(backend, path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        HttpResponse<String> response;
        try {
            response = HttpDeadline.send(http, request, timeout);
        } catch (HttpTimeoutException e) {
            throw new IOException("POST " + backend + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST " + backend + path + " answered HTTP " + response.statusCode()
                    + (response.statusCode() == 401 || response.statusCode() == 403 ? " (check PLATFORM_ADMIN_TOKEN)" : ""));
        }
    }

    private HttpRequest get(Backend backend, String path) {
        return HttpRequest.newBuilder(uri(backend, path)).timeout(timeout).GET().build();
    }

    private static URI uri(Backend backend, String path) {
        return URI.create("http://" + backend + path);
    }

    private static String status(String body) {
        try {
            return JSON.readTree(body == null ? "" : body).path("status").asText(null);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName();
        return e.getMessage() == null ? what : what + " " + e.getMessage();
    }
}
