package io.mcscale.scaler.config;

import java.nio.file.Path;

/** The load balancer in front of the platforms: nginx (the host's, or one we run) or none. */
public record BalancerSettings(
        Kind kind,
        NginxMode nginxMode,
        Path upstreamFile,
        String reloadCommand,
        String testCommand,
        int listenPort,
        Path prefixDir) {

    public enum Kind { NGINX, NONE }

    public enum NginxMode { SYSTEM, MANAGED }
}
