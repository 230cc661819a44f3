package io.mcscale.scaler.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.mcscale.core.policy.OperatorRequest;
import io.mcscale.scaler.control.AutoscalerController;
import io.mcscale.scaler.control.ControllerSnapshot;
import io.mcscale.scaler.control.ManualRequest;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The daemon's admin API on {@code ADMIN_LISTEN} (loopback by default). {@code /api/*} needs
 * {@code Authorization: Bearer ADMIN_TOKEN}; {@code GET /metrics} (Prometheus text) is open, as
 * scrapers expect, and holds no secret.
 * <ul>
 *   <li>{@code GET /api/status}: instances and states, last metrics, last decision and reasons, cooldown left, cost rate</li>
 *   <li>{@code POST /api/scale} {@code {"direction":"up|down","force":false}}: the operator's scale; force ignores the cooldown</li>
 *   <li>{@code POST /api/failover}: fail over to a secondary now</li>
 * </ul>
 * A request is handled by the control loop's next tick (woken at once) and answered with
 * {@code {"accepted":true|false,"message":"..."}}.
 */
public final class AdminServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_WAIT = Duration.ofSeconds(60);

    private final Javalin app;
    private final byte[] token;
    private final AutoscalerController controller;
    private final PrometheusRegistry registry;

    public AdminServer(String host, int port, String token, AutoscalerController controller, PrometheusRegistry registry) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.controller = controller;
        this.registry = registry;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.routes.beforeMatched("/api/*", this::authorize);
            cfg.routes.get("/api/status", ctx -> json(ctx, 200, status()));
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
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            json(ctx, 401, Map.of("error", "missing or wrong Bearer token: use ADMIN_TOKEN, or the daemon's DATA_DIR/admin-token"));
            ctx.skipRemainingHandlers();
        }
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
        controller.submit(request);
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

    /** The status document; {@code mcscale status} prints it. */
    Map<String, Object> status() {
        ControllerSnapshot s = controller.snapshot();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("at", s.at().toString());
        status.put("mode", s.mode());
        status.put("dry_run", s.dryRun());
        status.put("instances", s.machines().stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", m.id());
            row.put("role", m.role());
            row.put("state", m.state());
            row.put("phase", m.phase());
            row.put("address", m.address());
            row.put("health", m.health());
            row.put("routed", m.routed());
            row.put("health_failures", m.healthFailures());
            row.put("running_simulations", m.runningSimulations());
            return row;
        }).toList());
        status.put("metrics", s.metrics());
        status.put("metric_failures", s.metricFailures());
        status.put("last_decision", Map.of("outcome", s.lastDecision(), "reasons", s.lastReasons(),
                "at", s.lastDecisionAt().toString()));
        status.put("cooldown_seconds_left", s.cooldownSecondsLeft());
        status.put("routed", s.routedBackends());
        status.put("cost_rate_usd_per_hour", controller.costRateUsdPerHour());
        return status;
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
