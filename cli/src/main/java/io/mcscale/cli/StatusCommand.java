package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "status", description = "Show the autoscaler's instances, last metrics, last decision and cost rate.")
final class StatusCommand extends NotBuiltYet {
}
