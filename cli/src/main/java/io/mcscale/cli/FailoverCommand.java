package io.mcscale.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mcscale failover}: the secondary starts at once and takes all traffic; the primary is restarted. */
@Command(name = "failover", description = "Ask the autoscaler to fail over to the secondary now.")
final class FailoverCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DaemonConfigOption daemon;

    @Override
    public Integer call() throws IOException {
        return AdminCommands.report(AdminCommands.client(daemon.file()).failover(),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
