package io.mcscale.core.model;

import java.util.regex.Pattern;

/**
 * A platform instance's address as the load balancer sees it. Only hosts that are plain DNS names
 * or IP literals get through, so nothing can be injected into the nginx file through an address.
 */
public record Backend(String host, int port) {
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\]");

    public Backend {
        if (host == null || host.length() > 253 || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid backend host '" + host + "': use a DNS name or an IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid backend port " + port + ": use 1-65535");
        }
    }

    /** Parses {@code host:port}, e.g. {@code 10.0.0.5:8000} or {@code [::1]:8000}. */
    public static Backend parse(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("invalid backend '" + hostPort + "': expected host:port");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid backend port in '" + hostPort + "': expected host:port");
        }
        return new Backend(hostPort.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
