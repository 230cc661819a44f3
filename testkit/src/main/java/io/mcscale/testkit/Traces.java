package io.mcscale.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Metrics traces (Contract 4 CSV) shipped as fixtures: {@code guide-day.csv} (a busy spell, then
 * low load with one break), {@code no-gpu.csv} (blank gpu_usage), {@code surge.csv} (load climbing
 * past a pool of machines) and {@code bad-row.csv} (line 4 is malformed).
 */
public final class Traces {
    private Traces() {
    }

    public static BufferedReader open(String name) {
        return new BufferedReader(new InputStreamReader(stream(name), StandardCharsets.UTF_8));
    }

    /** Copies the fixture into {@code dir}, for tests that hand a file to {@code bin/mcscale}. */
    public static Path copyTo(Path dir, String name) {
        Path target = dir.resolve(name);
        try (InputStream in = stream(name)) {
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static InputStream stream(String name) {
        InputStream in = Traces.class.getResourceAsStream("traces/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no trace fixture named " + name);
        }
        return in;
    }
}
