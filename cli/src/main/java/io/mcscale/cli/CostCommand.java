package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "cost", description = "Estimate monthly cost, or report actual cost from the event store.")
final class CostCommand extends NotBuiltYet {
}
