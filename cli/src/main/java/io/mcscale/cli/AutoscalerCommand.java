package io.mcscale.cli;

import io.mcscale.scaler.AutoscalerDaemon;
import io.mcscale.scaler.balancer.BalancerException;
import io.mcscale.scaler.config.AutoscalerConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcscale autoscaler --config .env.autoscaler}: the daemon the systemd unit runs. The whole
 * configuration is validated before the first tick (a bad key exits 2 naming it). SIGTERM stops it
 * cleanly: the tick under way finishes, the machines keep running, and the next start finds them.
 */
@Command(name = "autoscaler", description = "Run the autoscaler daemon (the monte-carlo-autoscaler service).")
final class AutoscalerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AutoscalerCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "the .env.autoscaler file; environment variables override it")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        AutoscalerConfig settings = config == null
                ? AutoscalerConfig.fromEnvironment(System.getenv())
                : AutoscalerConfig.load(config, System.getenv());
        AutoscalerDaemon daemon;
        try {
            daemon = AutoscalerDaemon.start(settings, InstallDir.find(), InstantSource.system());
        } catch (BalancerException e) {
            spec.commandLine().getErr().println("mcscale autoscaler: the load balancer cannot start: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(daemon::close, "autoscaler-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("autoscaler running (config {}); SIGTERM stops it", config == null ? "environment" : config);
        daemon.awaitShutdown();
        return 0;
    }
}
