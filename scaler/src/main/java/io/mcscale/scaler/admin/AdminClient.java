package io.mcscale.scaler.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What {@code mcscale status|scale|failover} use to talk to a running daemon's admin API. */
public final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    /**
     * @param hostPort {@code ADMIN_LISTEN}, e.g. {@code 127.0.0.1:8190}
     * @param token    the admin token; empty when only the read-only calls are made
     */
    public AdminClient(String hostPort, String token) {
        this.baseUrl = "http://" + hostPort;
        this.token = token;
    }

    public JsonNode status() throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/status")).GET());
    }

    /** The recorded decisions, actions and state changes of the last {@code window} ({@code GET /api/history}). */
    public JsonNode history(Duration window) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/history?since=" + window.toSeconds() + "s")).GET());
    }

    public JsonNode scale(String direction, boolean force) throws IOException {
        String body = JSON.createObjectNode().put("direction", direction).put("force", force).toString();
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/scale")).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public JsonNode failover() throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/failover")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        HttpResponse<String> response;
        try {
            request.timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json");
            if (!token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("no autoscaler answers on " + baseUrl + " (is it running? check ADMIN_LISTEN)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() == 401) {
            throw new IOException("the autoscaler refused the admin token (401): set ADMIN_TOKEN, or run as the user that can read DATA_DIR/admin-token");
        }
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() / 100 != 2 && (body == null || !body.has("accepted"))) {
            throw new IOException("the autoscaler answered HTTP " + response.statusCode() + ": "
                    + (body != null && body.has("error") ? body.get("error").asText() : response.body()));
        }
        return body;
    }
}
