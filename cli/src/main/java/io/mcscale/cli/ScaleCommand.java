package io.mcscale.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcscale scale up|down [--force]}: asks the running autoscaler to scale now (the guide's manual control). */
@Command(name = "scale", description = "Ask the autoscaler to scale up or down now.")
final class ScaleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIRECTION", description = "up (start the next secondary) or down (drain, then stop the newest)")
    String direction;

    @Option(names = "--force", description = "act even within the cooldown")
    boolean force;

    @CommandLine.Mixin
    DaemonConfigOption daemon;

    @Override
    public Integer call() throws IOException {
        String d = direction.toLowerCase(Locale.ROOT);
        if (!d.equals("up") && !d.equals("down")) {
            throw new IllegalArgumentException("DIRECTION '" + direction + "': use up or down");
        }
        return AdminCommands.report(AdminCommands.client(daemon.file()).scale(d, force),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
