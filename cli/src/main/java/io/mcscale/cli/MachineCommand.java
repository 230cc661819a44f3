package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "machine", description = "Start, stop or show a machine straight through the provider.")
final class MachineCommand extends NotBuiltYet {
}
