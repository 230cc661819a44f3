package io.mcscale.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Loopback ports for tests that start servers on a port of their own choosing (processes, nginx).
 *
 * <p>A port is one the kernel just gave to a socket bound to port 0, so nothing listened on it then.
 * The kernel hands a freed port out again soon, though, and a process leaked or still starting from an
 * earlier test may take it up later. So no port is given twice in one JVM: a test never shares a port
 * with anything an earlier test started.
 */
public final class FreePorts {
    /** Enough to get past every port given so far in any test run; the kernel rarely repeats even once. */
    static final int MAX_ATTEMPTS = 1000;
    private static final FreePorts JVM = new FreePorts(FreePorts::bindPortZero);

    private final IntSupplier kernel;
    private final Set<Integer> given = new HashSet<>();

    FreePorts(IntSupplier kernel) {
        this.kernel = kernel;
    }

    /** A port nothing listens on now and that no earlier caller in this JVM received. */
    public static int next() {
        return JVM.take();
    }

    synchronized int take() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int port = kernel.getAsInt();
            if (given.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port that was not given before after " + MAX_ATTEMPTS + " attempts");
    }

    private static int bindPortZero() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a socket to find a free port", e);
        }
    }
}
