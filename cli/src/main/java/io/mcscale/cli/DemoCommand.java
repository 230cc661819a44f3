package io.mcscale.cli;

import picocli.CommandLine.Command;

@Command(name = "demo", description = "Run the local end-to-end demo: nginx, platform, autoscaler and load.")
final class DemoCommand extends NotBuiltYet {
}
