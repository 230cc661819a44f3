package io.mcscale.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mcscale} command: every part of the product is a subcommand here. */
@Command(
        name = "mcscale",
        mixinStandardHelpOptions = true,
        // Every subcommand, present and future, answers --help/-h and -V/--version with exit 0.
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "Monte Carlo simulation platform with a Paperspace autoscaler.",
        subcommands = {
            SimulateCommand.class,
            BenchCommand.class,
            PlatformCommand.class,
            LoadCommand.class,
            AutoscalerCommand.class,
            StatusCommand.class,
            EventsCommand.class,
            ScaleCommand.class,
            FailoverCommand.class,
            MachineCommand.class,
            ReplayCommand.class,
            PlanCommand.class,
            ExportDemandCommand.class,
            CostCommand.class,
            DoctorCommand.class,
            ConfigCommand.class,
            DemoCommand.class,
            UsersCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failed, 2 bad usage or not built yet. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The whole command tree with the product's error handling: for execution, and for the help, completion and man page generators. */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new UserFacingExceptionHandler())
                .setParameterExceptionHandler(Main::badUsage);
    }

    /**
     * Bad options or arguments: one line that names the option, the value and where the fix is
     * (the command's --help), instead of picocli's usage dump after the message. Exit 2.
     */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        String suggestion = "";
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        command.getErr().println(name + ": " + e.getMessage() + suggestion + " (see '" + name + " --help')");
        return 2;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
