package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "report", description = "Actual instance-hours and cost of a month from the event store, with a projection.")
final class CostReportCommand extends NotBuiltYet {
}
