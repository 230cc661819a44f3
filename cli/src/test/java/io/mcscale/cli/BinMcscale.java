package io.mcscale.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs {@code bin/mcscale} as a user would, for the end-to-end tests (*IT), and returns what it printed. */
final class BinMcscale {
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** The repository root: failsafe runs in the cli module's folder. */
    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("bin/mcscale")) ? here : here.getParent();
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    static Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return run(env -> env.putAll(environment), args);
    }

    /** Runs it with the environment {@code edit} leaves, e.g. some variables removed. */
    static Result run(Consumer<Map<String, String>> edit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repositoryRoot().resolve("bin/mcscale").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("mcscale-out", ".txt");
        Path err = Files.createTempFile("mcscale-err", ".txt");
        try {
            var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            edit.accept(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/mcscale " + String.join(" ", args) + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
