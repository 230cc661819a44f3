package io.mcscale.scaler.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.mcscale.core.policy.OperatorRequest;
import io.mcscale.scaler.control.ManualRequest;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The daemon's admin API on {@code ADMIN_LISTEN} (loopback by default). What only reads is open: the
 * status page at {@code /}, {@code GET /api/*} and {@code GET /metrics} (Prometheus text), none of which
 * holds a secret. What acts ({@code POST /api/*}) needs {@code Authorization: Bearer ADMIN_TOKEN}.
 * <ul>
 *   <li>{@code GET /}: the status page (plain HTML, JS and CSS from this jar, charts by uPlot's webjar)</li>
 *   <li>{@code GET /api/status}: instances with state, uptime and month's cost, last metrics, last decision and reasons,
 *       cooldown left, cost rate, the month's cost so far and projected</li>
 *   <li>{@code GET /api/history?since=24h}: the recorded decisions (inputs and reasons), actions and state changes</li>
 *   <li>{@code POST /api/scale} {@code {"direction":"up|down","force":false}}: the operator's scale; force ignores the cooldown</li>
 *   <li>{@code POST /api/failover}: fail over to a secondary now</li>
 * </ul>
 * A request is handled by the control loop's next tick (woken at once) and answered with
 * {@code {"accepted":true|false,"message":"..."}}.
 */
public final class AdminServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_WAIT = Duration.ofSeconds(60);
    private static final String PAGE_DIRECTORY = "/io/mcscale/scaler/admin/page";

    private final Javalin app;
    private final byte[] token;
    private final StatusDocuments documents;
    private final Consumer<ManualRequest> requests;
    private final PrometheusRegistry registry;

    /** @param requests where an operator's scale or failover goes: the control loop's queue */
    public AdminServer(String host, int port, String token, StatusDocuments documents, Consumer<ManualRequest> requests,
            PrometheusRegistry registry) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.documents = documents;
        this.requests = requests;
        this.registry = registry;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.routes.beforeMatched("/api/*", this::authorize);
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = PAGE_DIRECTORY;
                files.location = Location.CLASSPATH;
            });
            cfg.staticFiles.enableWebjars();
            cfg.routes.get("/api/status", ctx -> json(ctx, 200, documents.status()));
            cfg.routes.get("/api/history", this::history);
            cfg.routes.post("/api/scale", this::scale);
            cfg.routes.post("/api/failover", ctx -> answer(ctx, ManualRequest.of(OperatorRequest.Kind.FAILOVER, false)));
            cfg.routes.get("/metrics", this::metrics);
            cfg.routes.exception(BadRequest.class, (e, ctx) -> json(ctx, 400, Map.of("error", e.getMessage())));
        });
    }

    public AdminServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void authorize(Context ctx) {
        if (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD) {
            return;
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            json(ctx, 401, Map.of("error", "missing or wrong Bearer token: use ADMIN_TOKEN, or the daemon's DATA_DIR/admin-token"));
            ctx.skipRemainingHandlers();
        }
    }

    private void history(Context ctx) {
        Duration window;
        try {
            window = HistoryWindow.parse(Optional.ofNullable(ctx.queryParam("since")).orElse("24h"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("since: " + e.getMessage());
        }
        json(ctx, 200, documents.history(window));
    }

    private void scale(Context ctx) throws InterruptedException {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new BadRequest("body: malformed JSON; send {\"direction\":\"up|down\",\"force\":false}");
        }
        JsonNode direction = body == null ? null : body.get("direction");
        if (direction == null || !direction.isTextual() || !List.of("up", "down").contains(direction.asText())) {
            throw new BadRequest("direction: got " + direction + "; use \"up\" or \"down\"");
        }
        JsonNode force = body.get("force");
        if (force != null && !force.isBoolean()) {
            throw new BadRequest("force: got " + force + "; use true or false");
        }
        OperatorRequest.Kind kind = direction.asText().equals("up") ? OperatorRequest.Kind.SCALE_UP : OperatorRequest.Kind.SCALE_DOWN;
        answer(ctx, ManualRequest.of(kind, force != null && force.asBoolean()));
    }

    private void answer(Context ctx, ManualRequest request) throws InterruptedException {
        requests.accept(request);
        try {
            ManualRequest.Outcome outcome = request.outcome().get(REQUEST_WAIT.toSeconds(), TimeUnit.SECONDS);
            json(ctx, 200, Map.of("accepted", outcome.accepted(), "message", outcome.message()));
        } catch (TimeoutException e) {
            json(ctx, 503, Map.of("accepted", false, "message", "the control loop did not take the request within "
                    + REQUEST_WAIT.toSeconds() + " s; it stays queued"));
        } catch (ExecutionException e) {
            json(ctx, 500, Map.of("accepted", false, "message", String.valueOf(e.getCause().getMessage())));
        }
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        writer.write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
        ctx.contentType(writer.getContentType()).result(out.toByteArray());
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
