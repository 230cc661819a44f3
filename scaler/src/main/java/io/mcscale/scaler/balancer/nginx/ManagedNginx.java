package io.mcscale.scaler.balancer.nginx;

import io.mcscale.core.balancer.NginxUpstreamRenderer;
import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.BalancerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An nginx that the scaler runs itself ({@code NGINX_MODE=managed}: the demo and the tests).
 *
 * <p>Everything lives under its prefix directory, so it needs no root and no system path:
 * {@code conf/nginx.conf} (generated), {@code conf/monte-carlo.conf} (the site from
 * {@code deploy/nginx}, listening on 127.0.0.1:port), {@code conf/monte-carlo-upstream.conf} (the
 * upstream the writer rewrites), {@code logs/} (error and access logs, pid) and {@code temp/}. nginx
 * runs in the foreground ({@code daemon off}) as this JVM's child; {@link #close()} stops it
 * gracefully. A reload returns once nginx's new workers run, so the new upstream is live.
 */
public final class ManagedNginx implements NginxServer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagedNginx.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern LISTEN_LINE = Pattern.compile("(?m)^(\\s*)listen 80;$");

    private final Path prefix;
    private final int port;
    private final List<String> nginx;
    private final Process process;

    private ManagedNginx(Path prefix, int port, List<String> nginx, Process process) {
        this.prefix = prefix;
        this.port = port;
        this.nginx = nginx;
        this.process = process;
    }

    /**
     * Writes the configuration, routes to {@code initialBackends}, starts nginx on 127.0.0.1:port and
     * returns once it accepts connections.
     *
     * @param nginxBinary the nginx executable, usually {@code nginx} (found on PATH)
     */
    public static ManagedNginx start(Path prefixDir, int port, List<Backend> initialBackends, String nginxBinary)
            throws BalancerException {
        Path prefix = prefixDir.toAbsolutePath();
        List<String> nginx = List.of(nginxBinary, "-p", prefix + "/", "-c", prefix.resolve("conf/nginx.conf").toString());
        try {
            Files.createDirectories(prefix.resolve("conf"));
            Files.createDirectories(prefix.resolve("logs"));
            Files.createDirectories(prefix.resolve("temp"));
            stopLeftover(prefix);
            Files.writeString(prefix.resolve("conf/nginx.conf"), mainConfig(prefix));
            Files.writeString(prefix.resolve("conf/monte-carlo.conf"), siteConfig(port));
            Files.writeString(upstreamFile(prefix), NginxUpstreamRenderer.DEFAULT.render(initialBackends));
        } catch (IOException e) {
            throw new BalancerException("cannot write the managed nginx configuration in " + prefix + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BalancerException("cannot start nginx: " + e.getMessage(), e);
        }
        NginxCommands.run(NginxCommands.plus(nginx, "-t"));
        Process process;
        try {
            process = new ProcessBuilder(nginx)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(prefix.resolve("logs/console.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new BalancerException("cannot start nginx (" + nginxBinary + "): " + e.getMessage()
                    + "; install it with: apt-get install nginx", e);
        }
        ManagedNginx managed = new ManagedNginx(prefix, port, nginx, process);
        managed.awaitListening();
        log.info("managed nginx (pid {}) listening on 127.0.0.1:{}, prefix {}", process.pid(), port, prefix);
        return managed;
    }

    /**
     * The nginx executable: on PATH, else where Debian and source installs put it ({@code /usr/sbin}
     * is not on an ordinary user's PATH on Debian). Empty when nginx is not installed.
     */
    public static Optional<Path> locate() {
        List<Path> candidates = new java.util.ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "nginx"));
                }
            }
        }
        candidates.add(Path.of("/usr/sbin/nginx"));
        candidates.add(Path.of("/usr/local/sbin/nginx"));
        candidates.add(Path.of("/usr/local/nginx/sbin/nginx"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** The generated top-level configuration: everything relative to the prefix, nothing root-only. */
    static String mainConfig(Path prefix) {
        return """
                # Generated by mcscale at each start of its managed nginx; edits are lost.
                daemon off;
                worker_processes 1;
                pid %1$s/logs/nginx.pid;
                error_log %1$s/logs/error.log notice;
                events {
                    worker_connections 1024;
                }
                http {
                    access_log %1$s/logs/access.log;
                    client_body_temp_path %1$s/temp/client_body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    # Pass large responses through rather than buffering them to disk.
                    proxy_max_temp_file_size 0;
                    include %1$s/conf/monte-carlo-upstream.conf;
                    include %1$s/conf/monte-carlo.conf;
                }
                """.formatted(prefix);
    }

    /** The production site ({@code deploy/nginx/monte-carlo.conf}), listening on loopback at {@code port}. */
    static String siteConfig(int port) {
        String site = resource("monte-carlo.conf");
        Matcher listen = LISTEN_LINE.matcher(site);
        if (!listen.find()) {
            throw new IllegalStateException("deploy/nginx/monte-carlo.conf has no 'listen 80;' line to replace");
        }
        return listen.replaceFirst("$1listen 127.0.0.1:" + port + ";");
    }

    static String resource(String name) {
        try (InputStream in = ManagedNginx.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (copied from deploy/nginx at build time)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the nginx that a run killed with SIGKILL left running under this prefix, if there is one:
     * the start does it before taking the port, and an outside watcher (the demo) after killing the scaler.
     */
    public static void stopLeftover(Path prefixDir) throws IOException {
        Path prefix = prefixDir.toAbsolutePath();
        Path pidFile = prefix.resolve("logs/nginx.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("nginx")).orElse(false));
            if (leftover.isPresent()) {
                log.warn("stopping nginx pid {} left running by an earlier run in {}", pid, prefix);
                leftover.get().destroy();
                leftover.get().onExit().get(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (NumberFormatException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("could not stop the nginx of an earlier run ({}): {}", pidFile, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(pidFile);
    }

    private void awaitListening() throws BalancerException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BalancerException("nginx exited at start (exit " + process.exitValue() + "): "
                        + tail(prefix.resolve("logs/error.log")) + tail(prefix.resolve("logs/console.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        process.destroyForcibly();
        throw new BalancerException("nginx did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    public int port() {
        return port;
    }

    public Path prefix() {
        return prefix;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public Path upstreamFile() {
        return upstreamFile(prefix);
    }

    /** The upstream file of the managed nginx under {@code prefixDir}. */
    public static Path upstreamFile(Path prefixDir) {
        return prefixDir.resolve("conf/monte-carlo-upstream.conf");
    }

    /**
     * The backends the managed nginx under {@code prefixDir} routes to, read from its upstream file
     * (what a reload made live): for a watcher outside the scaler's process, such as the demo.
     */
    public static List<Backend> routedBackends(Path prefixDir) throws IOException {
        return NginxUpstreamRenderer.parse(Files.readString(upstreamFile(prefixDir)));
    }

    @Override
    public void checkUpstream(Path candidate) throws BalancerException {
        NginxCommands.checkUpstreamAlone(List.of(nginx.get(0), "-t"), candidate);
    }

    /** Tests the configuration, signals the reload and waits until a new worker runs it. */
    @Override
    public void reload() throws BalancerException {
        if (!process.isAlive()) {
            throw new BalancerException("managed nginx is not running (exit " + process.exitValue() + "): "
                    + tail(prefix.resolve("logs/error.log")));
        }
        NginxCommands.run(NginxCommands.plus(nginx, "-t"));
        Set<Long> oldWorkers = workers();
        NginxCommands.run(NginxCommands.plus(nginx, "-s", "reload"));
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            // The master starts new workers once it has loaded the new configuration, then tells the
            // old ones to quit gracefully: they stop accepting and finish what they hold. Until then
            // an old worker could still take a request with the old upstream.
            Set<Long> now = workers();
            boolean newWorkerRuns = now.stream().anyMatch(pid -> !oldWorkers.contains(pid));
            boolean oldWorkersLeaving = oldWorkers.stream().noneMatch(pid -> now.contains(pid) && !isShuttingDown(pid));
            if (newWorkerRuns && oldWorkersLeaving) {
                return;
            }
            pause();
        }
        throw new BalancerException("nginx did not start workers with the new configuration within "
                + RELOAD_TIMEOUT.toSeconds() + " s: " + tail(prefix.resolve("logs/error.log")));
    }

    /** nginx retitles a worker told to quit "nginx: worker process is shutting down" (seen in /proc). */
    private static boolean isShuttingDown(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).contains("shutting down");
        } catch (IOException gone) {
            return true;
        }
    }

    private Set<Long> workers() {
        return process.toHandle().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Graceful stop ({@code nginx -s quit}: in-flight requests finish), then a hard one if it hangs. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            NginxCommands.run(NginxCommands.plus(nginx, "-s", "quit"));
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("managed nginx did not quit within {} s; killing it", STOP_TIMEOUT.toSeconds());
            }
        } catch (BalancerException e) {
            log.warn("graceful nginx quit failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        log.info("managed nginx stopped");
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())) + "\n";
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
