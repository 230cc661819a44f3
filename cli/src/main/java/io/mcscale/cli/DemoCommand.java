package io.mcscale.cli;

import io.mcscale.cli.demo.DemoException;
import io.mcscale.cli.demo.DemoRun;
import io.mcscale.cli.demo.DemoSummary;
import io.mcscale.cli.demo.DemoTimings;
import io.mcscale.scaler.balancer.nginx.ManagedNginx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the local end-to-end demo: nginx, the platform primary, the autoscaler (local provider) and users.",
            "Users ramp up until the autoscaler starts the secondary, hold, then ramp down until it drains and stops it.",
            "--fast finishes in under 3 minutes and exits 0 only if it scaled up then down with no failed request and no lost simulation;",
            "its last line is a JSON summary. Without --fast it uses the guide's timings and runs until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fast", description = "Compressed timings (cooldown, scale-down delay, poll interval): one cycle in under 3 minutes.")
    boolean fast;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port of nginx, the demo's entry point (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--primary-port", paramLabel = "PORT", defaultValue = "8000", description = "Port of the platform primary (default ${DEFAULT-VALUE}).")
    int primaryPort;

    @Option(names = "--secondary-port", paramLabel = "PORT", defaultValue = "8001", description = "Port of the platform secondary (default ${DEFAULT-VALUE}).")
    int secondaryPort;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "8190", description = "Port of the autoscaler's admin API (default ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the demo keeps its job store, logs and nginx prefix (default: a new temporary directory).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        for (int[] option : new int[][] {{port}, {primaryPort}, {secondaryPort}, {adminPort}}) {
            if (option[0] < 1 || option[0] > 65535) {
                err.println("mcscale demo: port " + option[0] + " is out of range: use 1-65535");
                return 2;
            }
        }
        if (ManagedNginx.locate().isEmpty()) {
            err.println("mcscale demo: nginx is not installed; install it with: sudo apt-get install -y nginx"
                    + " (or run bin/demo, which does it for you)");
            return 2;
        }
        DemoTimings timings = fast ? DemoTimings.FAST : DemoTimings.GUIDE;
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("mcscale-demo-");
        out.println("mcscale demo" + (fast ? " --fast" : "") + ": data in " + dir.toAbsolutePath());
        out.println("timings: " + timings.autoscalerKeys() + ", users 0 -> " + timings.peakUsers() + " -> " + timings.lowUsers()
                + (fast ? "" : " (the guide's values; Ctrl-C to stop)"));
        DemoRun demo = new DemoRun(InstallDir.find(), dir, new DemoRun.DemoPorts(port, primaryPort, secondaryPort, adminPort), timings,
                out, System.console() != null);
        Thread cleanup = new Thread(demo::close, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        DemoSummary summary;
        try {
            summary = demo.run(!fast);
        } catch (DemoException e) {
            err.println("mcscale demo: " + e.getMessage());
            return 1;
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already.
            }
        }
        boolean passed = summary.passed();
        out.println(passed ? "demo passed: scaled up, then down, with no failed request and no lost simulation"
                : "demo FAILED: it must scale up, then down, with no failed request and no lost simulation");
        out.println(summary.toJson());
        return passed ? 0 : 1;
    }
}
