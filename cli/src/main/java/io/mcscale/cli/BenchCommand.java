package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Measure paths per second of each model, on one thread and on all cores.")
final class BenchCommand extends NotBuiltYet {
}
