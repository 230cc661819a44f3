package io.mcscale.core.balancer;

import io.mcscale.core.model.Backend;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the nginx upstream file for the instances that serve traffic.
 *
 * <p>Only validated {@link Backend}s reach the file (their hosts cannot carry {@code ;}, spaces or
 * newlines), and the renderer's own settings are checked when it is built, so no input can add a
 * directive. Each backend gets passive health checks: after {@code maxFails} failed attempts within
 * {@code failTimeoutSeconds} nginx stops sending it requests for that long. {@code keepalive} keeps
 * idle connections to the backends open so each proxied request doesn't pay for a new TCP handshake
 * (the site must proxy with HTTP/1.1 and an empty {@code Connection} header for that to work).
 */
public record NginxUpstreamRenderer(String upstreamName, int maxFails, int failTimeoutSeconds, int keepalive) {
    // Declared before DEFAULT: static fields initialise in order, and DEFAULT's constructor uses it.
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** A {@code server} directive: starts a line or follows {@code {} or {@code ;}, as nginx allows on one line. */
    private static final Pattern SERVER = Pattern.compile("(?:^|[{;])\\s*server\\s+([^\\s;]+)", Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("#[^\n]*");

    /** The upstream name the site config ({@code deploy/nginx/monte-carlo.conf}) proxies to. */
    public static final String UPSTREAM_NAME = "monte_carlo_backend";

    /** Three failures within 10 s take a backend out for 10 s; 16 idle connections per worker. */
    public static final NginxUpstreamRenderer DEFAULT = new NginxUpstreamRenderer(UPSTREAM_NAME, 3, 10, 16);

    public NginxUpstreamRenderer {
        if (upstreamName == null || !NAME.matcher(upstreamName).matches()) {
            throw new IllegalArgumentException("invalid upstream name '" + upstreamName + "': use letters, digits and _");
        }
        if (maxFails < 1 || maxFails > 100) {
            throw new IllegalArgumentException("invalid max_fails " + maxFails + ": use 1-100");
        }
        if (failTimeoutSeconds < 1 || failTimeoutSeconds > 3600) {
            throw new IllegalArgumentException("invalid fail_timeout " + failTimeoutSeconds + ": use 1-3600 seconds");
        }
        if (keepalive < 1 || keepalive > 1024) {
            throw new IllegalArgumentException("invalid keepalive " + keepalive + ": use 1-1024");
        }
    }

    /**
     * Returns the whole upstream file: one {@code server} line per distinct backend, in the given order.
     *
     * @throws IllegalArgumentException when there is no backend: nginx rejects an empty upstream, and
     *     routing to nothing is never what the scaler means (the primary is always meant to serve).
     */
    public String render(List<Backend> backends) {
        return render(backends, Map.of());
    }

    /**
     * Like {@link #render(List)}, with a weight or {@code backup} for some backends (the instances of a remote region);
     * a backend not in {@code weights} gets nginx's default. If every backend would be a backup, none is: nginx would
     * have no primary server to send requests to.
     */
    public String render(List<Backend> backends, Map<Backend, ServerWeight> weights) {
        if (backends == null || backends.isEmpty()) {
            throw new IllegalArgumentException("no backend to route to: an nginx upstream needs at least one server");
        }
        StringBuilder file = new StringBuilder()
                .append("# Written by mcscale (monte-carlo-autoscaler) at every scaling action: edits here are lost.\n")
                .append("upstream ").append(upstreamName).append(" {\n");
        boolean allBackup = backends.stream().allMatch(b -> weights.getOrDefault(b, ServerWeight.NORMAL).backup());
        for (Backend backend : new LinkedHashSet<>(backends)) {
            ServerWeight weight = weights.getOrDefault(backend, ServerWeight.NORMAL);
            file.append("    server ").append(backend)
                    .append(allBackup ? "" : weight.directive())
                    .append(" max_fails=").append(maxFails)
                    .append(" fail_timeout=").append(failTimeoutSeconds).append("s;\n");
        }
        return file.append("    keepalive ").append(keepalive).append(";\n")
                .append("}\n")
                .toString();
    }

    /**
     * The backends an upstream file routes to, in file order: the inverse of {@link #render}, and
     * also read from files this class did not write (the deploy template, a hand-written one-liner).
     * Comments are skipped.
     *
     * @throws IllegalArgumentException naming the address when a {@code server} is not {@code host:port}
     */
    public static List<Backend> parse(String upstreamFile) {
        List<Backend> backends = new ArrayList<>();
        Matcher server = SERVER.matcher(COMMENT.matcher(upstreamFile).replaceAll(""));
        while (server.find()) {
            backends.add(Backend.parse(server.group(1)));
        }
        return backends;
    }
}
