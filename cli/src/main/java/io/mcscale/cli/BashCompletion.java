package io.mcscale.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes the bash completion script for {@code mcscale} from the command model, at build time (the
 * cli pom runs it). picocli's own {@code AutoComplete} main does not create the target folder, so a
 * clean checkout's first build failed with it.
 */
public final class BashCompletion {
    private BashCompletion() {
    }

    /** {@code BashCompletion SCRIPT_FILE}: writes the script, creating its folder. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BashCompletion SCRIPT_FILE");
        }
        Path script = Path.of(args[0]);
        Files.createDirectories(script.toAbsolutePath().getParent());
        Files.writeString(script, AutoComplete.bash("mcscale", Main.commandLine()), StandardCharsets.UTF_8);
    }
}
