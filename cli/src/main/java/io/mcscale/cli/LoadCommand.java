package io.mcscale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.cli.load.KeysFile;
import io.mcscale.cli.load.LoadGenerator;
import io.mcscale.cli.load.LoadReport;
import io.mcscale.cli.load.LoadUser;
import io.mcscale.platform.http.ApiServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Generate load against a platform: simulated users submitting and polling, each with its own X-User-Id,",
            "or, with --keys-file, its own API key (for a platform with --auth keys)."})
final class LoadCommand implements Callable<Integer> {
    /** Parameters that make each known model run when --parameters is not given. */
    private static final Map<String, String> SAMPLE_PARAMETERS = Map.of(
            "pi", "{}",
            "european", "{\"spot\":100,\"strike\":100,\"rate\":0.05,\"volatility\":0.2,\"maturity\":1}");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", required = true, description = "The platform or its load balancer, e.g. http://127.0.0.1:8000.")
    String url;

    @Option(names = "--users", paramLabel = "N", required = true, description = "Simulated users at full load.")
    int users;

    @Option(names = "--duration", paramLabel = "S", required = true, description = "Seconds of load, ramp-up included.")
    long durationSeconds;

    @Option(names = "--ramp-up", paramLabel = "S", defaultValue = "0", description = "Seconds to go from 0 to --users (default ${DEFAULT-VALUE}).")
    long rampUpSeconds;

    @Option(names = "--warm-up", paramLabel = "S", defaultValue = "0",
            description = "Seconds of load at --users before --duration starts; its figures are dropped, so both JVMs are warm (default ${DEFAULT-VALUE}).")
    long warmUpSeconds;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "pi", description = "Model each simulation runs (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--parameters", paramLabel = "JSON", description = "Model parameters as a JSON object (default: a sample set for pi and european).")
    String parameters;

    @Option(names = "--paths", paramLabel = "N", defaultValue = "10000", description = "Paths per simulation (default ${DEFAULT-VALUE}).")
    long paths;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "100", description = "Milliseconds between polls of a simulation (default ${DEFAULT-VALUE}).")
    long pollMillis;

    @Option(names = "--wait", paramLabel = "S", defaultValue = "0",
            description = "0 to poll every --poll-ms; else each request waits up to this many seconds for the result (?wait), as a browser does (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--think-ms", paramLabel = "MS", defaultValue = "0", description = "A user's pause between one simulation and the next (default ${DEFAULT-VALUE}).")
    long thinkMillis;

    @Option(names = "--settle-seconds", paramLabel = "S", defaultValue = "30",
            description = "After the load, seconds for simulations in flight to finish before they count as lost (default ${DEFAULT-VALUE}).")
    long settleSeconds;

    @Option(names = "--user-prefix", paramLabel = "PREFIX", defaultValue = "load-user", description = "User ids are <prefix>-1, <prefix>-2, ... (default ${DEFAULT-VALUE}).")
    String userPrefix;

    @Option(names = "--keys-file", paramLabel = "FILE", description = "Users with API keys, one 'NAME KEY' a line (the key as mcscale "
            + "users add printed it); each simulated user sends its own as 'Authorization: Bearer', so --users is at most the lines.")
    Path keysFile;

    @Option(names = "--json", description = "Print the summary as one JSON line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        URI base = baseUrl();
        if (users < 1) {
            throw new IllegalArgumentException("--users must be at least 1, got " + users);
        }
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("--duration must be at least 1 second, got " + durationSeconds);
        }
        if (warmUpSeconds < 0) {
            throw new IllegalArgumentException("--warm-up must be 0 or more seconds, got " + warmUpSeconds);
        }
        if (rampUpSeconds < 0 || rampUpSeconds > durationSeconds) {
            throw new IllegalArgumentException("--ramp-up must be from 0 to --duration (" + durationSeconds + "), got " + rampUpSeconds);
        }
        if (paths < 1 || pollMillis < 1 || settleSeconds < 0) {
            throw new IllegalArgumentException("--paths and --poll-ms must be at least 1 and --settle-seconds 0 or more");
        }
        if (waitSeconds < 0 || waitSeconds > ApiServer.MAX_WAIT_SECONDS) {
            throw new IllegalArgumentException("--wait must be from 0 (poll) to " + ApiServer.MAX_WAIT_SECONDS + " seconds (the platform's most), got "
                    + waitSeconds);
        }
        if (thinkMillis < 0) {
            throw new IllegalArgumentException("--think-ms must be 0 or more, got " + thinkMillis);
        }
        String params = parameters != null ? parameters : SAMPLE_PARAMETERS.get(model);
        if (params == null) {
            throw new IllegalArgumentException("--parameters is needed for model '" + model + "' (a JSON object of its parameters)");
        }
        var settings = LoadGenerator.Settings.of(base, model, paths).withParameters(params)
                .withPollInterval(Duration.ofMillis(pollMillis)).withUserPrefix(userPrefix).withThinkTime(Duration.ofMillis(thinkMillis));
        if (waitSeconds > 0) {
            settings = settings.withWait(waitSeconds);
        }
        if (keysFile != null) {
            List<LoadUser> keyed = KeysFile.read(keysFile);
            if (users > keyed.size()) {
                throw new IllegalArgumentException("--users " + users + " is more than the " + keyed.size() + " users in --keys-file "
                        + keysFile + "; add users (mcscale users add NAME) or lower --users");
            }
            settings = settings.withKeyedUsers(keyed);
        }
        var err = spec.commandLine().getErr();
        if (!json) {
            err.printf("load: %d users for %d s (ramp-up %d s, after a %d s warm-up) against %s, model %s, %d paths%n", users,
                    durationSeconds, rampUpSeconds, warmUpSeconds, base, model, paths);
        }
        LoadReport report;
        List<String> firstFailures;
        try (var load = new LoadGenerator(settings)) {
            if (warmUpSeconds > 0) {
                load.setActiveUsers(users);
                Thread.sleep(Duration.ofSeconds(warmUpSeconds).toMillis()); // the warm-up runs; its figures are dropped next
                load.startMeasuring();
            }
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(durationSeconds).toNanos();
            long rampNanos = Duration.ofSeconds(rampUpSeconds).toNanos();
            while (System.nanoTime() < end) {
                long elapsed = System.nanoTime() - start;
                int target = rampNanos == 0 || elapsed >= rampNanos ? users
                        : (int) Math.max(1, Math.ceil(users * (double) elapsed / rampNanos));
                load.setActiveUsers(target);
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            report = load.stop(Duration.ofSeconds(settleSeconds));
            firstFailures = load.firstFailures();
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(report.toJson()));
        } else {
            out.print(report.toText());
        }
        out.flush();
        if (report.lost() > 0 || report.errors() > 0) {
            err.printf("load: %d lost simulation(s), %d error(s)%n", report.lost(), report.errors());
            firstFailures.forEach(failure -> err.println("load: " + failure));
            return 1;
        }
        return 0;
    }

    private URI baseUrl() {
        try {
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url must be an http(s) URL such as http://127.0.0.1:8000, got '" + url + "'");
        }
    }
}
