package io.mcscale.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One {@code mcscale} command run inside the test's JVM through {@link Main#execute}, with what it printed.
 * The end-to-end tests run {@code bin/mcscale} as a process instead ({@code BinMcscale}).
 */
record InProcessRun(int exitCode, String stdout, String stderr) {
    /** Synchronized because it swaps the JVM-wide {@code System.out} and {@code System.err}. */
    static synchronized InProcessRun of(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = Main.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new InProcessRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
