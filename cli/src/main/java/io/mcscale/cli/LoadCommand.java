package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "load", description = "Generate load against a platform: simulated users submitting and polling.")
final class LoadCommand extends NotBuiltYet {
}
