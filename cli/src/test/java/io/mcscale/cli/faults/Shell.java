package io.mcscale.cli.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** System commands the disk scenarios need (mount, umount, mkfs.ext4, e2fsck), run to their end within 60 s. */
final class Shell {
    record Result(int exitCode, String output) {
    }

    private Shell() {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, String.join(" ", command) + ": did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    static int exitCode(String... command) throws IOException, InterruptedException {
        return run(command).exitCode();
    }
}
