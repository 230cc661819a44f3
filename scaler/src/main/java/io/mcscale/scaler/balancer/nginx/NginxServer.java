package io.mcscale.scaler.balancer.nginx;

import io.mcscale.scaler.balancer.BalancerException;
import java.nio.file.Path;

/** The nginx whose upstream file the scaler rewrites: the system's (production) or one it runs itself (demo, tests). */
public interface NginxServer {
    /** The live upstream file that nginx's configuration includes. */
    Path upstreamFile();

    /** Runs {@code nginx -t} on a configuration that includes {@code candidate} as the upstream file. */
    void checkUpstream(Path candidate) throws BalancerException;

    /** Tests the whole live configuration, then has nginx load it gracefully (in-flight requests finish). */
    void reload() throws BalancerException;
}
