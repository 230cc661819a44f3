package io.mcscale.scaler.balancer.nginx;

import io.mcscale.scaler.balancer.BalancerException;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's own nginx ({@code NGINX_MODE=system}, production): the site config includes
 * {@code NGINX_UPSTREAM_FILE}; {@code NGINX_TEST_COMMAND} checks and {@code NGINX_RELOAD_COMMAND}
 * reloads it. nginx applies a reload asynchronously; its old workers finish the requests they hold.
 */
public final class SystemNginx implements NginxServer {
    private final Path upstreamFile;
    private final List<String> testCommand;
    private final List<String> reloadCommand;

    public SystemNginx(Path upstreamFile, String testCommand, String reloadCommand) {
        this.upstreamFile = upstreamFile;
        this.testCommand = NginxCommands.words(testCommand);
        this.reloadCommand = NginxCommands.words(reloadCommand);
    }

    @Override
    public Path upstreamFile() {
        return upstreamFile;
    }

    @Override
    public void checkUpstream(Path candidate) throws BalancerException {
        NginxCommands.checkUpstreamAlone(testCommand, candidate);
    }

    @Override
    public void reload() throws BalancerException {
        NginxCommands.run(testCommand);
        NginxCommands.run(reloadCommand);
    }
}
