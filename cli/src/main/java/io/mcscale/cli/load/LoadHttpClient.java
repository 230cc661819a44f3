package io.mcscale.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One request of a simulated user, as a browser makes it: on a blocking, pooled client, sent again
 * when the connection closed before any answer or none came in time, and measured in {@link LoadFigures}.
 */
final class LoadHttpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONNECTIONS = 4_096;
    /** A request whose connection closed before any answer, or that timed out, is sent again, at most this many times in all. */
    private static final int MAX_SENDS = 3;

    /** What the platform answered: its status, its JSON body (null when it was not an object) and its Retry-After. */
    record Answer(int status, JsonNode body, long retryAfterSeconds) {
    }

    private final LoadFigures figures;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient http;

    LoadHttpClient(Duration requestTimeout, LoadFigures figures) {
        this.figures = figures;
        Timeout timeout = Timeout.of(requestTimeout);
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                .build();
        // No automatic retries: a 429, a 503 or a failed connection must show in the figures, not be hidden. The one
        // resend this class makes itself (see send) is counted apart.
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
    }

    /** Sends the request as {@code user}; null when it failed (counted as an error and described in the figures). */
    Answer send(LoadUser user, HttpUriRequestBase request, Histogram kind) {
        user.identify(request);
        long started = System.nanoTime();
        try {
            Answer answer = null;
            for (int attempt = 1; answer == null; attempt++) {
                try {
                    answer = exchange(request);
                } catch (NoHttpResponseException | SocketTimeoutException e) {
                    // The connection closed before any byte of an answer, as when nginx reloads and closes its idle
                    // keep-alive connections (every scale up or down), or no answer came within the request timeout.
                    // Browsers send such a request again; so do we, on a new connection (the other idle ones were
                    // closed by the same reload). A submission carries its Idempotency-Key, so a resend of one that
                    // was in fact accepted is answered with that simulation: none is left unknown.
                    if (attempt == MAX_SENDS) {
                        throw e;
                    }
                    figures.count(figures.resent, started);
                    connections.closeIdle(TimeValue.ZERO_MILLISECONDS);
                }
            }
            figures.record(kind, started);
            figures.record(figures.allMicros, started);
            figures.count(figures.requests, started);
            return answer;
        } catch (IOException e) {
            figures.count(figures.requests, started);
            figures.count(figures.errors, started);
            figures.failure(request.getMethod() + " " + request.getRequestUri() + " failed: " + e);
            return null;
        }
    }

    private Answer exchange(HttpUriRequestBase request) throws IOException {
        // The handler reads the whole body, which gives the connection back to the pool for the next request.
        return http.execute(request, response -> {
            Header instance = response.getFirstHeader("X-Instance-Id");
            if (instance != null) {
                figures.instancesThatAnswered.add(instance.getValue());
            }
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            Header retryAfter = response.getFirstHeader("Retry-After");
            return new Answer(response.getCode(), body.startsWith("{") ? JSON.readTree(body) : null,
                    retryAfter == null ? 1 : parseSeconds(retryAfter.getValue()));
        });
    }

    private static long parseSeconds(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 1; // an HTTP date: waiting a second and asking again is good enough for a load generator
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // nothing to do: the connections are closing anyway
        }
    }
}
