package io.mcscale.scaler.balancer.nginx;

import io.mcscale.scaler.balancer.BalancerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs nginx commands (no shell: a command is split on spaces) and checks a candidate upstream file on its own. */
final class NginxCommands {
    private static final long TIMEOUT_SECONDS = 30;

    private NginxCommands() {
    }

    /** Splits a configured command such as {@code nginx -s reload} into its words. */
    static List<String> words(String command) {
        List<String> words = Arrays.stream(command.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty nginx command");
        }
        return words;
    }

    static List<String> plus(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        return all;
    }

    /** Runs the command and returns its output; a non-zero exit or a timeout is a {@link BalancerException} quoting it. */
    static String run(List<String> command) throws BalancerException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new BalancerException("cannot run '" + String.join(" ", command) + "': " + e.getMessage()
                    + " (is nginx installed? apt-get install nginx)", e);
        }
        try (InputStream out = process.getInputStream()) {
            process.getOutputStream().close();
            // nginx -t prints a few lines at most; reading to the end also waits for the exit.
            String output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new BalancerException("'" + String.join(" ", command) + "' did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new BalancerException("'" + String.join(" ", command) + "' failed (exit " + process.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new BalancerException("reading the output of '" + String.join(" ", command) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BalancerException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }

    /**
     * Runs {@code testCommand -p DIR -c DIR/check.conf} where check.conf is a minimal configuration
     * that includes only {@code candidate}: nginx then parses the new upstream (syntax, values, that
     * every host resolves) before it ever becomes the live file. Paths stay inside a temporary
     * directory so the check needs no root-only path.
     */
    static void checkUpstreamAlone(List<String> testCommand, Path candidate) throws BalancerException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mcscale-nginx-check");
            Path conf = dir.resolve("check.conf");
            Files.writeString(conf, isolatedConfig(dir, List.of(candidate)));
            run(plus(testCommand, "-p", dir.toAbsolutePath() + "/", "-c", conf.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new BalancerException("cannot prepare the nginx check of " + candidate + ": " + e.getMessage(), e);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** A configuration whose http block includes only {@code includes}, with every path inside {@code dir}. */
    static String isolatedConfig(Path dir, List<Path> includes) {
        StringBuilder lines = new StringBuilder();
        for (Path include : includes) {
            lines.append("    include ").append(include.toAbsolutePath()).append(";\n");
        }
        return """
                pid %1$s/check.pid;
                error_log %1$s/error.log;
                events {}
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                %2$s}
                """.formatted(dir.toAbsolutePath(), lines);
    }

    static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover temp directory is harmless; the check's result is what matters.
        }
    }
}
