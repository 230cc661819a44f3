package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(
        name = "cost",
        description = "Estimate monthly cost, or report actual cost from the event store.",
        mixinStandardHelpOptions = true,
        subcommands = {CostEstimateCommand.class, CostReportCommand.class})
final class CostCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "cost: give a subcommand: estimate or report");
    }
}
