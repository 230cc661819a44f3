package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "replay", description = "Replay a metrics trace through the scaling policy on a simulated clock.")
final class ReplayCommand extends NotBuiltYet {
}
