package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "platform", description = "Run the simulation platform (jobs API, workers, metrics, drain).")
final class PlatformCommand extends NotBuiltYet {
}
