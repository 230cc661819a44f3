package io.mcscale.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mcscale.platform.auth.NotAuthenticated;
import io.mcscale.platform.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every failure of a route becomes the API's error answer, {@code {"error": "...", "field": "..."}}
 * (the field where one is to blame). Errors Jetty raises before any route runs go through
 * {@link JsonErrorHandler} to the same shape.
 */
final class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {
    }

    static void register(RoutesConfig routes, int storeRetryAfterSeconds) {
        routes.exception(ApiError.class, (e, ctx) -> {
            if (e.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            answer(ctx, e.status(), e.field(), e.getMessage());
        });
        // A request that does not say who sent it, or sends a wrong or revoked key: 401 with a Bearer challenge (RFC 6750).
        // The message shows at most 4 characters of a presented key, so it may be logged.
        routes.exception(NotAuthenticated.class, (e, ctx) -> {
            log.debug("refused {} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
            if (e.reason() == NotAuthenticated.Reason.MALFORMED) {
                answer(ctx, 400, e.field(), e.getMessage());
                return;
            }
            ctx.header("WWW-Authenticate", e.reason() == NotAuthenticated.Reason.INVALID_KEY ? "Bearer error=\"invalid_token\"" : "Bearer");
            answer(ctx, 401, e.field(), e.getMessage());
        });
        // Javalin's own refusals (e.g. 413 for a chunked body over the limit) are plain text otherwise.
        routes.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).contentType("application/json").result(JsonErrorHandler.body(e.getStatus(), e.getMessage())));
        routes.exception(StoreException.class, (e, ctx) -> {
            log.warn("{}", e.getMessage());
            ctx.header("Retry-After", Integer.toString(storeRetryAfterSeconds));
            answer(ctx, 503, null, "the job store is unavailable; retry shortly");
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("request {} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, 500, null, "internal error: " + e.getClass().getSimpleName());
        });
        routes.error(404, ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.contains("json")) {
                answer(ctx, 404, null, "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
    }

    static void answer(Context ctx, int status, String field, String message) {
        ObjectNode body = JSON.createObjectNode().put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        ctx.status(status).json(body);
    }
}
