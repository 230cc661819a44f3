package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "scale", description = "Ask the autoscaler to scale up or down now.")
final class ScaleCommand extends NotBuiltYet {
}
