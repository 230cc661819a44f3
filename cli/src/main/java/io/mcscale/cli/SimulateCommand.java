package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "simulate", description = "Run one Monte Carlo simulation and print its result.")
final class SimulateCommand extends NotBuiltYet {
}
