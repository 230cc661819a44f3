package io.mcscale.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE} of the commands that talk to a running daemon: where its ADMIN_LISTEN, ADMIN_TOKEN and DATA_DIR are. */
final class DaemonConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "the .env.autoscaler the daemon runs with (for ADMIN_LISTEN, ADMIN_TOKEN, DATA_DIR)")
    Path config;

    Optional<Path> file() {
        return Optional.ofNullable(config);
    }
}
