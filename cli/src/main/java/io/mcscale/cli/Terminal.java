package io.mcscale.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr is a terminal, so that progress bars and in-place lines go only to a person and
 * never into a log file or a pipe. Java has no isatty for stderr ({@code System.console()} looks at
 * stdin and stdout), so on Linux this reads where file descriptor 2 points.
 */
final class Terminal {
    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            return isTerminalDevice(Files.readSymbolicLink(stderr).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null; // no /proc: the best the JDK offers
        }
    }

    /** {@code /dev/pts/3}, {@code /dev/tty1} and the console are terminals; files, pipes and {@code /dev/null} are not. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
