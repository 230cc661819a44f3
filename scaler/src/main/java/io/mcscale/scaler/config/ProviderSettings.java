package io.mcscale.scaler.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which provider starts and stops machines, and how long it may take.
 *
 * @param localPlatformCommand {@code LOCAL_PLATFORM_COMMAND} split on spaces; empty means {@code <install dir>/bin/mcscale platform}
 * @param scalerMachineId {@code SCALER_MACHINE_ID}: the machine this scaler runs on; empty means found from {@code PRIMARY_URL}
 * @param platformRestartCommand {@code PLATFORM_RESTART_COMMAND} split on spaces: restarts the platform on the scaler's own machine
 * @param platformRestartTimeout {@code PLATFORM_RESTART_TIMEOUT_SECONDS}
 */
public record ProviderSettings(
        Kind kind,
        Duration startTimeout,
        Duration stopTimeout,
        int platformPort,
        Optional<List<String>> localPlatformCommand,
        Path localDataDir,
        Optional<String> scalerMachineId,
        List<String> platformRestartCommand,
        Duration platformRestartTimeout) {

    public enum Kind { PAPERSPACE, LOCAL, KUBERNETES }

    public ProviderSettings {
        localPlatformCommand = localPlatformCommand.map(List::copyOf);
        platformRestartCommand = List.copyOf(platformRestartCommand);
    }

    /** The command that runs one platform process, with the install dir's launcher as the default. */
    public List<String> localPlatformCommandOr(Path installDir) {
        return localPlatformCommand.orElse(List.of(installDir.resolve("bin/mcscale").toString(), "platform"));
    }
}
