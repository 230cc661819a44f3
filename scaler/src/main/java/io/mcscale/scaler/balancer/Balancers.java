package io.mcscale.scaler.balancer;

import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.nginx.ManagedNginx;
import io.mcscale.scaler.balancer.nginx.NginxUpstreamWriter;
import io.mcscale.scaler.balancer.nginx.SystemNginx;
import io.mcscale.scaler.config.BalancerSettings;
import java.util.List;

/** The one place that turns the configuration's {@code LOAD_BALANCER} and {@code NGINX_MODE} into a {@link Balancer}. */
public final class Balancers {
    private Balancers() {
    }

    /**
     * Opens the configured balancer. Managed nginx starts here, routing to {@code initialBackends}
     * (the primary) until the first {@link Balancer#route}; close the result on exit to stop it.
     *
     * @throws BalancerException when managed nginx cannot start (not installed, port taken, bad config)
     */
    public static RunningBalancer open(BalancerSettings settings, List<Backend> initialBackends) throws BalancerException {
        return switch (settings.kind()) {
            case NONE -> new RunningBalancer(new NoBalancer(), () -> { }, "none (LOAD_BALANCER=none)");
            case NGINX -> switch (settings.nginxMode()) {
                case SYSTEM -> new RunningBalancer(
                        new NginxUpstreamWriter(new SystemNginx(settings.upstreamFile(), settings.testCommand(), settings.reloadCommand())),
                        () -> { }, "system nginx, upstream file " + settings.upstreamFile());
                case MANAGED -> {
                    String binary = ManagedNginx.locate().map(Object::toString).orElseThrow(() -> new BalancerException(
                            "NGINX_MODE=managed needs nginx, which is not installed: apt-get install nginx"));
                    ManagedNginx nginx = ManagedNginx.start(settings.prefixDir(), settings.listenPort(), initialBackends, binary);
                    yield new RunningBalancer(new NginxUpstreamWriter(nginx), nginx::close,
                            "managed nginx on 127.0.0.1:" + settings.listenPort() + ", prefix " + settings.prefixDir());
                }
            };
        };
    }
}
