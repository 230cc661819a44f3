package io.mcscale.cli;

import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.auth.TierWeights;
import io.mcscale.platform.auth.AuthMode;
import io.mcscale.platform.metrics.CpuSource;
import io.mcscale.platform.store.JobStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "platform", mixinStandardHelpOptions = true,
        description = "Run the simulation platform (jobs API, workers, metrics, drain). SIGTERM drains, then exits.")
final class PlatformCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(PlatformCommand.class);

    /** What cpu_usage measures, as users type it. */
    enum CpuSourceOption { host, process }

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--instance-id", paramLabel = "ID", description = "This instance's name in the store and metrics (default <hostname>-<port>).")
    String instanceId;

    @CommandLine.Mixin
    JobStoreOptions storeOptions;

    @Option(names = "--workers", paramLabel = "N",
            description = "Simulations run at once (default: the number of cores); /api/metrics reports it as workers.")
    Integer workers;

    @Option(names = "--admin-token-file", paramLabel = "FILE", description = "File holding the Bearer token for /api/admin/drain and resume "
            + "(else env PLATFORM_ADMIN_TOKEN; with neither, the admin endpoints are off).")
    Path adminTokenFile;

    @Option(names = "--grace-seconds", paramLabel = "S", defaultValue = "600",
            description = "On SIGTERM, how long running simulations may take to finish (default ${DEFAULT-VALUE}).")
    long graceSeconds;

    @Option(names = "--max-paths", paramLabel = "N", defaultValue = "1000000000", description = "Largest paths per simulation (default ${DEFAULT-VALUE}).")
    long maxPaths;

    @Option(names = "--user-quota", paramLabel = "N", defaultValue = "20", description = "Queued simulations per user (default ${DEFAULT-VALUE}).")
    int userQuota;

    @Option(names = "--max-queued", paramLabel = "N", defaultValue = "10000", description = "Queued simulations in the whole store (default ${DEFAULT-VALUE}).")
    int maxQueued;

    @Option(names = "--max-job-work", paramLabel = "DRAWS", defaultValue = "100000000000", description = "Most work one simulation may be, in "
            + "random draws (paths x draws per path: fixings, assets); larger ones get 400 (default ${DEFAULT-VALUE}).")
    long maxJobWork;

    @Option(names = "--max-user-work", paramLabel = "DRAWS", defaultValue = "1000000000000", description = "Most work, in random draws, one user "
            + "may have queued; a submission past it gets 429 (default ${DEFAULT-VALUE}).")
    long maxUserWork;

    @Option(names = "--active-user-window-seconds", paramLabel = "S", defaultValue = "300",
            description = "A user counts as active for this long after a request (default ${DEFAULT-VALUE}: 5 minutes).")
    long activeUserWindowSeconds;

    @Option(names = "--cpu-source", paramLabel = "host|process", defaultValue = "host", description = "What cpu_usage in /api/metrics measures: "
            + "host = the whole machine's CPU (right on a machine that runs only this platform, e.g. a Paperspace instance); "
            + "process = this platform process's CPU over the cores it may use (right when other programs or platforms share "
            + "the machine; the local provider and the demo use it). Default ${DEFAULT-VALUE}.")
    CpuSourceOption cpuSource;

    @Option(names = "--tier-weights", paramLabel = "free=N,pro=N,enterprise=N", description = "Each tier's weight in the "
            + "fair-share claim: the next simulation goes to the user with the fewest running per unit of weight, so with every "
            + "tier backlogged a user holds workers in proportion to it (else env PLATFORM_TIER_WEIGHTS; a tier left out keeps "
            + "its default; default free=1,pro=2,enterprise=4).")
    String tierWeights;

    @Option(names = "--auth", defaultValue = "${env:PLATFORM_AUTH:-header}", paramLabel = "keys|header",
            description = "How users are known (else env PLATFORM_AUTH; default header): keys = only by 'Authorization: Bearer KEY' of a "
                    + "user made with mcscale users add (X-User-Id is ignored; each user sees only their own simulations); "
                    + "header = X-User-Id is trusted, for a platform behind a proxy that authenticates users (it warns when "
                    + "listening beyond loopback).")
    String auth;

    @Override
    public Integer call() throws Exception {
        PlatformConfig config = config();
        JobStore jobStore = storeOptions.open();
        Platform platform = Platform.start(config, jobStore, Clock.systemUTC());
        log.info("platform listening on http://{}:{} (instance {}, {} store, {} workers, admin endpoints {}, cpu_usage of the {},"
                + " tier weights {}, users by {})", host, platform.port(), config.instanceId(), storeOptions.describe(), config.workers(),
                config.adminToken() == null ? "off" : "on", cpuSource, config.tierWeights(), config.auth() == AuthMode.KEYS ? "API key" : "X-User-Id");
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: draining, running simulations get up to {} s", graceSeconds);
            platform.drainAndStop(Duration.ofSeconds(graceSeconds));
            log.info("stopped");
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private PlatformConfig config() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + port);
        }
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        if (activeUserWindowSeconds < 1) {
            throw new IllegalArgumentException("--active-user-window-seconds must be at least 1, got " + activeUserWindowSeconds);
        }
        if (graceSeconds < 0) {
            throw new IllegalArgumentException("--grace-seconds must be 0 or more, got " + graceSeconds);
        }
        if (maxPaths < 1 || userQuota < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("--max-paths, --user-quota and --max-queued must be at least 1");
        }
        if (maxJobWork < 1 || maxUserWork < 1) {
            throw new IllegalArgumentException("--max-job-work and --max-user-work must be at least 1 (random draws), got "
                    + maxJobWork + " and " + maxUserWork);
        }
        AuthMode authMode = AuthMode.fromWire(auth.strip()).orElseThrow(() -> new IllegalArgumentException(
                "--auth (or PLATFORM_AUTH) '" + auth + "' is not a mode: use keys or header"));
        PlatformConfig config = PlatformConfig.defaults()
                .withAuth(authMode)
                .withListen(host, port)
                .withInstanceId(instanceId != null ? instanceId : defaultInstanceId())
                .withLimits(maxPaths, userQuota, maxQueued)
                .withWorkLimits(maxJobWork, maxUserWork)
                .withActiveUserWindow(Duration.ofSeconds(activeUserWindowSeconds))
                .withAdminToken(adminToken())
                .withCpuSource(cpuSource == CpuSourceOption.process ? CpuSource.PROCESS : CpuSource.HOST)
                .withTierWeights(tierWeights())
                .withVersion(new VersionProvider().getVersion()[0]);
        return workers == null ? config : config.withWorkers(workers);
    }

    private String adminToken() {
        if (adminTokenFile != null) {
            return JobStoreOptions.readSecret(adminTokenFile, "--admin-token-file");
        }
        String fromEnv = System.getenv("PLATFORM_ADMIN_TOKEN");
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
    }

    private TierWeights tierWeights() {
        if (tierWeights != null) {
            return TierWeights.parse(tierWeights, "--tier-weights");
        }
        String fromEnv = System.getenv("PLATFORM_TIER_WEIGHTS");
        return fromEnv == null || fromEnv.isBlank() ? TierWeights.DEFAULT : TierWeights.parse(fromEnv, "PLATFORM_TIER_WEIGHTS");
    }

    private String defaultInstanceId() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + port;
        } catch (IOException e) {
            return "platform-" + port;
        }
    }
}
