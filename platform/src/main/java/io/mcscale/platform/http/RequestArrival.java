package io.mcscale.platform.http;

import io.javalin.http.Context;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;

/**
 * When a request reached this instance, as {@link System#nanoTime}: for the first request on a connection, when
 * Jetty accepted the connection; for a later one on the same connection, when its first bytes were read. Time in
 * the kernel's accept queue, before Jetty takes the connection, is not visible to the process.
 *
 * <p>Admission control counts a submission's wait from here, and every answer carries the time since in a
 * {@code Server-Timing: app;dur=<ms>} header: what the instance itself took, apart from the client's connection
 * setup and the network. On a burst of new connections, a request waited ~150 ms (median) between Jetty's
 * accept and its headers being read; counting from the headers alone hid that.
 */
final class RequestArrival {
    static final String SERVER_TIMING = "Server-Timing";

    private RequestArrival() {
    }

    static long nanos(Context ctx) {
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        long begin = request.getBeginNanoTime();
        Connection connection = request.getConnectionMetaData().getConnection();
        if (connection.getMessagesIn() > 1) {
            return begin;
        }
        long sinceAcceptMillis = Math.max(0, System.currentTimeMillis() - connection.getEndPoint().getCreatedTimeStamp());
        return Math.min(begin, System.nanoTime() - sinceAcceptMillis * 1_000_000);
    }

    /** Adds the {@code Server-Timing} header: milliseconds from the request's arrival until now. */
    static void addServerTiming(Context ctx) {
        double millis = (System.nanoTime() - nanos(ctx)) / 1e6;
        ctx.header(SERVER_TIMING, String.format(Locale.ROOT, "app;dur=%.1f", millis));
    }
}
