package io.mcscale.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page, as JSON {@code {"error": ..., "field": ...}} like every other error of the API.
 * Jetty answers some requests before any route runs: headers over its limit (431), a URI over its limit
 * (414), a request it cannot parse, e.g. a control character in a header (400). Its own page is HTML,
 * which API clients (and the scaler) cannot read.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
        String detail = request.getAttribute(ERROR_MESSAGE) instanceof String text ? text : null;
        byte[] body = body(status, detail).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** The JSON error for a status the server itself raised; {@code detail} is the server's own words, if any. */
    static String body(int status, String detail) {
        ObjectNode node = JSON.createObjectNode();
        String field = switch (status) {
            case 413 -> "body";
            case 414 -> "uri";
            case 431 -> "headers";
            default -> "request";
        };
        String error = switch (status) {
            case 413 -> "the body is over " + ApiServer.MAX_BODY_BYTES + " bytes";
            case 414 -> "the URI is too long; send the data in the body instead";
            case 431 -> "the request headers are too large; send fewer or shorter headers";
            case 400 -> "the request could not be read" + (detail == null ? "" : " (" + detail + ")")
                    + "; check it for control characters or a malformed line";
            default -> "HTTP " + status + (detail == null ? "" : ": " + detail);
        };
        return node.put("error", error).put("field", field).toString();
    }
}
