package io.mcscale.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.cli.load.LoadGenerator;
import io.mcscale.cli.load.LoadReport;
import io.mcscale.cli.load.LoadUser;
import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.nginx.ManagedNginx;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.provider.local.LocalProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One run of {@code mcscale demo}: the autoscaler ({@code bin/mcscale autoscaler}, local provider,
 * managed nginx) starts the platform primary and nginx; the demo's users ramp up through nginx,
 * hold, and ramp down, while a watcher prints a status line and notes when the secondary joined
 * the nginx upstream (scale-up) and when it left it and stopped (scale-down).
 *
 * <p>The demo watches from the outside, as an operator would: the upstream file nginx serves, the
 * platforms' {@code /api/metrics}, the autoscaler's {@code /api/status}. It never reaches into the
 * autoscaler's process.
 */
public final class DemoRun implements AutoCloseable {
    public static final String PRIMARY = "demo-primary";
    public static final String SECONDARY = "demo-secondary";
    /**
     * A peak simulation: a few seconds of one core, so 8 users keep more than 5 jobs queued on one instance with one
     * worker (the guide's queue vote) beside the users vote, whether the machine is idle or busy. Shorter jobs left
     * the queue at 4 on an idle machine, and with CPU under 70% the guide's second vote never came.
     */
    static final long PEAK_PATHS = 200_000_000;
    /** A quiet-time simulation: a few milliseconds, so the remaining users barely load the machine. */
    static final long LOW_PATHS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path installDir;
    private final Path dataDir;
    private final DemoPorts ports;
    private final DemoTimings timings;
    private final PrintStream out;
    private final boolean liveLine;
    private final String adminToken = randomToken();
    private final String platformAdminToken = randomToken();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long startedNanos = System.nanoTime();

    private Process autoscaler;
    private List<LoadUser> users = List.of();
    private LoadGenerator load;
    private volatile Long scaledUpAtS;
    private volatile Long scaledDownAtS;
    private volatile int routed;
    private volatile String lastStatus = "";
    private Thread watcher;
    private boolean closed;

    /** The ports the demo uses; tests pass free ones. */
    public record DemoPorts(int nginx, int primary, int secondary, int admin) {
    }

    public DemoRun(Path installDir, Path dataDir, DemoPorts ports, DemoTimings timings, PrintStream out, boolean liveLine) {
        this.installDir = installDir;
        this.dataDir = dataDir.toAbsolutePath();
        this.ports = ports;
        this.timings = timings;
        this.out = out;
        this.liveLine = liveLine;
    }

    /** The keys the autoscaler runs with (passed as environment variables, which override any file). */
    public Map<String, String> autoscalerEnvironment() {
        return DemoEnvironment.autoscaler(installDir, dataDir, ports, timings, adminToken, platformAdminToken);
    }

    /**
     * Runs one load cycle (or, with {@code repeat}, cycles until interrupted) and returns the summary.
     *
     * @throws DemoException when the autoscaler or nginx never came up (there is nothing to summarise)
     */
    public DemoSummary run(boolean repeat) throws IOException, InterruptedException, DemoException {
        start();
        out.println("nginx on http://127.0.0.1:" + ports.nginx() + " routes to the primary; starting users");
        load = new LoadGenerator(demoUsers(PEAK_PATHS));
        watcher = new Thread(this::watch, "demo-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try {
            do {
                cycle();
                if (repeat) {
                    scaledUpAtS = null;
                    scaledDownAtS = null;
                }
            } while (repeat && !Thread.currentThread().isInterrupted());
        } catch (DemoException e) {
            // The summary still follows: it shows how far the demo got.
            statusLine(true);
            out.println("mcscale demo: " + e.getMessage());
        }
        LoadReport report = load.stop(Duration.ofSeconds(90));
        // Lost: accepted and never seen succeed (unfinished after the settle time, or failed).
        long lost = report.lost() + report.failed();
        statusLine(true);
        out.println("simulations ran on: " + load.instancesThatRan().stream().sorted().toList());
        out.println("requests answered by: " + load.instancesThatAnswered().stream().sorted().toList()
                + "; resent after an nginx reload closed their idle connection: " + report.resent());
        load.firstFailures().forEach(failure -> out.println("failure: " + failure));
        return new DemoSummary(scaledUpAtS, scaledDownAtS, report.requests(), report.errors() + report.throttled(), report.accepted(),
                lost, "nginx");
    }

    /** The demo's users (with their API keys) through nginx, simulations of {@code paths}; after {@link #start}. */
    public LoadGenerator.Settings demoUsers(long paths) {
        return DemoUsers.settings(URI.create("http://127.0.0.1:" + ports.nginx()), paths, users);
    }

    /** The demo's users and their API keys, registered by {@link #start}. */
    public List<LoadUser> users() {
        return users;
    }

    /**
     * Registers the users, starts the autoscaler (which starts nginx and the primary, with {@code --auth keys}) and
     * returns once nginx answers from the primary.
     */
    public void start() throws IOException, InterruptedException, DemoException {
        Files.createDirectories(dataDir);
        users = DemoUsers.register(dataDir.resolve("platform"), timings.peakUsers());
        startAutoscaler();
        waitFor("nginx to route to the platform primary", Duration.ofSeconds(90), this::primaryAnswersThroughNginx);
        // nginx routes to the primary before the autoscaler has seen it serve; until it has, the autoscaler treats
        // the primary as still booting (a lost primary then is restarted, not failed over), so wait for that too.
        waitFor("the autoscaler to see the platform primary serving", Duration.ofSeconds(90), this::autoscalerSeesPrimaryServing);
    }

    private void cycle() throws InterruptedException, DemoException {
        load.setPaths(PEAK_PATHS);
        ramp(0, timings.peakUsers(), timings.rampUp());
        if (!awaitUntil(timings.scaleUpWithin(), () -> scaledUpAtS != null)) {
            throw new DemoException("the autoscaler did not scale up within " + timings.scaleUpWithin().toSeconds()
                    + " s of the peak; see " + dataDir.resolve("autoscaler.log"));
        }
        Thread.sleep(timings.holdAfterScaleUp().toMillis());
        load.setPaths(LOW_PATHS);
        ramp(timings.peakUsers(), timings.lowUsers(), timings.rampDown());
        if (!awaitUntil(timings.scaleDownWithin(), () -> scaledDownAtS != null)) {
            throw new DemoException("the autoscaler did not scale down within " + timings.scaleDownWithin().toSeconds()
                    + " s of the ramp down (an instance's own cpu_usage over 30%?); see " + dataDir.resolve("autoscaler.log"));
        }
    }

    private void ramp(int from, int to, Duration over) throws InterruptedException {
        int steps = Math.abs(to - from);
        for (int step = 1; step <= steps; step++) {
            Thread.sleep(over.toMillis() / steps);
            load.setActiveUsers(from + (to > from ? step : -step));
        }
    }

    private void startAutoscaler() throws IOException {
        List<String> command = new ArrayList<>(List.of(installDir.resolve("bin/mcscale").toString(), "autoscaler"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("autoscaler.log").toFile()));
        builder.environment().putAll(autoscalerEnvironment());
        autoscaler = builder.start();
        out.println("autoscaler started (pid " + autoscaler.pid() + "), log " + dataDir.resolve("autoscaler.log"));
    }

    private boolean autoscalerSeesPrimaryServing() {
        Optional<JsonNode> status = get(URI.create("http://127.0.0.1:" + ports.admin() + "/api/status"), true);
        for (JsonNode machine : status.map(s -> s.path("instances")).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
            if (machine.path("id").asText().equals(PRIMARY)) {
                return machine.path("phase").asText().equals("serving");
            }
        }
        return false;
    }

    private boolean primaryAnswersThroughNginx() {
        return get(URI.create("http://127.0.0.1:" + ports.nginx() + "/api/health"), false).isPresent();
    }

    /** Once a second: note scale events from the upstream nginx serves, and print the status line. */
    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            routed = serversInUpstream();
            long now = secondsSinceStart();
            if (scaledUpAtS == null && routed >= 2) {
                scaledUpAtS = now;
                statusLine(true);
                out.println("scaled up at " + now + " s: nginx routes to the primary and the secondary");
            } else if (scaledUpAtS != null && scaledDownAtS == null && routed == 1 && !listening(ports.secondary())) {
                scaledDownAtS = now;
                statusLine(true);
                out.println("scaled down at " + now + " s: the secondary left nginx, drained and stopped");
            }
            statusLine(false);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void statusLine(boolean force) {
        int users = 0;
        int queue = 0;
        double cpu = 0;
        int read = 0;
        for (int port : new int[] {ports.primary(), ports.secondary()}) {
            Optional<JsonNode> metrics = get(URI.create("http://127.0.0.1:" + port + "/api/metrics"), false);
            if (metrics.isPresent()) {
                users += metrics.get().path("active_users").asInt();
                queue += metrics.get().path("simulation_queue_length").asInt();
                cpu += metrics.get().path("cpu_usage").asDouble();
                read++;
            }
        }
        String line = String.format("[%3d s] users %d (active %d) | instances %d | cpu %.0f%% | queue %d | last decision: %s",
                secondsSinceStart(), load == null ? 0 : load.activeUsers(), users, routed, read == 0 ? 0 : cpu / read, queue, lastDecision());
        if (liveLine) {
            out.print("\r" + line + "\u001b[K");
            if (force) {
                out.println();
            }
        } else if (force || secondsSinceStart() % 5 == 0 && !line.equals(lastStatus)) {
            out.println(line);
        }
        lastStatus = line;
    }

    private String lastDecision() {
        Optional<JsonNode> status = get(URI.create("http://127.0.0.1:" + ports.admin() + "/api/status"), true);
        if (status.isEmpty()) {
            return "-";
        }
        JsonNode decision = status.get().path("last_decision");
        List<String> why = new ArrayList<>();
        decision.path("reasons").forEach(reason -> why.add(reason.asText()));
        return decision.path("outcome").asText("-") + (why.isEmpty() ? "" : " (" + String.join(", ", why) + ")");
    }

    private int serversInUpstream() {
        try {
            return ManagedNginx.routedBackends(nginxPrefix()).size();
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** Where the autoscaler runs its managed nginx ({@code NGINX_PREFIX_DIR}). */
    public Path nginxPrefix() {
        return nginxPrefix(dataDir);
    }

    static Path nginxPrefix(Path dataDir) {
        return dataDir.resolve("nginx");
    }

    private Optional<JsonNode> get(URI uri, boolean admin) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET();
            if (admin) {
                request.header("Authorization", "Bearer " + adminToken);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether something accepts connections on 127.0.0.1:port (a stopped platform does not). */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void waitFor(String what, Duration max, BooleanSupplier done) throws InterruptedException, DemoException {
        if (!awaitUntil(max, done)) {
            throw new DemoException("gave up waiting for " + what + " after " + max.toSeconds() + " s; see "
                    + dataDir.resolve("autoscaler.log"));
        }
    }

    /** Polls every half second; false when {@code max} passed or the autoscaler died. */
    private boolean awaitUntil(Duration max, BooleanSupplier done) throws InterruptedException, DemoException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (!autoscaler.isAlive()) {
                throw new DemoException("the autoscaler exited (code " + autoscaler.exitValue() + "); see "
                        + dataDir.resolve("autoscaler.log"));
            }
            Thread.sleep(500);
        }
        return done.getAsBoolean();
    }

    private long secondsSinceStart() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }

    /** The Bearer token of the demo's autoscaler admin API (on 127.0.0.1:admin port). */
    public String adminToken() {
        return adminToken;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the users, the autoscaler (which stops its nginx), then both platforms. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
        if (load != null) {
            load.close();
        }
        if (autoscaler != null && autoscaler.isAlive()) {
            autoscaler.destroy();
            try {
                if (!autoscaler.waitFor(30, TimeUnit.SECONDS)) {
                    autoscaler.destroyForcibly();
                }
            } catch (InterruptedException e) {
                autoscaler.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            // The autoscaler stops its managed nginx on exit; this covers an autoscaler that had to be killed.
            ManagedNginx.stopLeftover(nginxPrefix());
        } catch (IOException e) {
            out.println("could not check for a leftover nginx: " + e.getMessage());
        }
        LocalProvider machines = new LocalProvider(
                Map.of(PRIMARY, new Backend("127.0.0.1", ports.primary()), SECONDARY, new Backend("127.0.0.1", ports.secondary())),
                List.of(installDir.resolve("bin/mcscale").toString(), "platform"), dataDir.resolve("platform"), dataDir,
                platformAdminToken);
        for (String machine : List.of(SECONDARY, PRIMARY)) {
            try {
                machines.stop(machine, Duration.ofSeconds(60));
            } catch (ProviderException e) {
                out.println("could not stop " + machine + ": " + e.getMessage());
            }
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
