package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "doctor", description = "Check metrics, policy, provider, nginx, event store and configuration.")
final class DoctorCommand extends NotBuiltYet {
}
