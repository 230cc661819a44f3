package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "failover", description = "Ask the autoscaler to fail over to the secondary now.")
final class FailoverCommand extends NotBuiltYet {
}
