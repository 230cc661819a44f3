package io.mcscale.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command of the product that is not built yet: it says so plainly and exits 2, never pretending to work. */
abstract class NotBuiltYet implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    java.util.List<String> ignoredArguments;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": not yet built in this version");
        return 2;
    }
}
