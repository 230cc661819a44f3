package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "autoscaler", description = "Run the autoscaler daemon (the monte-carlo-autoscaler service).")
final class AutoscalerCommand extends NotBuiltYet {
}
