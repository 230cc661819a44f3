package io.mcscale.scaler.balancer.nginx;

import io.mcscale.core.balancer.NginxUpstreamRenderer;
import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.Balancer;
import io.mcscale.scaler.balancer.BalancerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes nginx to the serving instances by rewriting its upstream file.
 *
 * <p>Each change goes: render, write {@code <file>.new} beside the live file, {@code nginx -t} on a
 * configuration that includes only the new file, atomic rename over the live file, then test and
 * reload the whole configuration. A rejected file is kept as {@code <file>.rejected} for the operator
 * and never replaces the live one; if the final test or reload fails, the previous file is put back.
 * Either way nginx keeps serving the last good upstream and the caller gets a
 * {@link BalancerException}. Unchanged backends do not reload nginx, so the daemon may call
 * {@link #route} at every tick. Drain order is the caller's: route without an instance, then drain it.
 */
public final class NginxUpstreamWriter implements Balancer {
    private static final Logger log = LoggerFactory.getLogger(NginxUpstreamWriter.class);

    private final NginxServer nginx;
    private final BiFunction<List<Backend>, Map<Backend, ServerWeight>, String> renderer;
    private String live;

    public NginxUpstreamWriter(NginxServer nginx) {
        this.nginx = nginx;
        this.renderer = NginxUpstreamRenderer.DEFAULT::render;
        this.live = readOrNull(nginx.upstreamFile());
    }

    /** With another rendering, e.g. other health-check settings (or, in tests, a broken one); it ignores weights. */
    public NginxUpstreamWriter(NginxServer nginx, Function<List<Backend>, String> renderer) {
        this.nginx = nginx;
        this.renderer = (backends, weights) -> renderer.apply(backends);
        this.live = readOrNull(nginx.upstreamFile());
    }

    @Override
    public void route(List<Backend> backends) throws BalancerException {
        route(backends, Map.of());
    }

    @Override
    public synchronized void route(List<Backend> backends, Map<Backend, ServerWeight> weights) throws BalancerException {
        String content;
        try {
            content = renderer.apply(backends, weights);
        } catch (IllegalArgumentException e) {
            throw new BalancerException("not routing to " + backends + ": " + e.getMessage()
                    + "; nginx keeps the last good upstream", e);
        }
        if (content.equals(live)) {
            return;
        }
        Path liveFile = nginx.upstreamFile();
        Path candidate = liveFile.resolveSibling(liveFile.getFileName() + ".new");
        write(candidate, content);
        try {
            nginx.checkUpstream(candidate);
        } catch (BalancerException rejected) {
            keepRejected(candidate, liveFile);
            throw new BalancerException("nginx rejected the upstream for " + backends + " (kept as "
                    + liveFile.getFileName() + ".rejected); the last good upstream stays live: " + rejected.getMessage(), rejected);
        }
        String previous = readOrNull(liveFile);
        move(candidate, liveFile);
        try {
            long started = System.nanoTime();
            nginx.reload();
            log.info("nginx now routes to {} (reload took {} ms)", backends, (System.nanoTime() - started) / 1_000_000);
        } catch (BalancerException failed) {
            restore(previous, liveFile);
            throw new BalancerException("nginx reload for " + backends + " failed; the previous upstream file is back: "
                    + failed.getMessage(), failed);
        }
        live = content;
    }

    private void restore(String previous, Path liveFile) {
        if (previous == null) {
            return;
        }
        try {
            Path back = liveFile.resolveSibling(liveFile.getFileName() + ".new");
            write(back, previous);
            move(back, liveFile);
        } catch (BalancerException e) {
            log.error("could not put back the previous upstream file {}: {}", liveFile, e.getMessage());
        }
    }

    private static void keepRejected(Path candidate, Path liveFile) {
        try {
            Files.move(candidate, liveFile.resolveSibling(liveFile.getFileName() + ".rejected"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("could not keep the rejected upstream file {}: {}", candidate, e.toString());
        }
    }

    private static void write(Path file, String content) throws BalancerException {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new BalancerException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws BalancerException {
        try {
            // Atomic: nginx (or an operator's reload) never sees a half-written upstream file.
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new BalancerException("cannot swap in " + to + ": " + e.getMessage(), e);
        }
    }

    private static String readOrNull(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
