package io.mcscale.cli;

import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.MachineProviders;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.provider.ScalerMachine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mcscale machine start|stop|status ID-or-role}: one machine straight through the configured
 * provider, without the daemon. Start returns once the machine is ready, stop once it is off.
 */
@Command(name = "machine", description = "Start, stop or show a machine straight through the provider.")
final class MachineCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "start (returns once ready), stop (returns once off) or status")
    String action;

    @Parameters(index = "1", paramLabel = "MACHINE",
            description = "a configured machine id, or 'primary' / 'secondary' (with a pool of secondaries: 'secondary1', 'secondary2', ...)")
    String machine;

    @Option(names = "--no-wait", description = "return as soon as the provider took the start or stop, without waiting for ready or off")
    boolean noWait;

    @Option(names = "--config", paramLabel = "FILE", description = "the .env.autoscaler file; without it, the environment and defaults")
    Path config;

    @Option(names = "--force", description = "stop even the machine the scaler runs on (SCALER_MACHINE_ID, or the primary "
            + "when PRIMARY_URL is this machine): nothing is left there to start it again")
    boolean force;

    @Override
    public Integer call() {
        String verb = action.toLowerCase(Locale.ROOT);
        if (!List.of("start", "stop", "status").contains(verb)) {
            throw new IllegalArgumentException("unknown ACTION '" + action + "': use start, stop or status");
        }
        AutoscalerConfig settings = config == null
                ? AutoscalerConfig.fromEnvironment(System.getenv())
                : AutoscalerConfig.load(config, System.getenv());
        String machineId = resolve(settings.group(), machine);
        Optional<ScalerMachine> scalerMachine = ScalerMachine.of(settings).filter(m -> m.machineId().equals(machineId));
        if (verb.equals("stop") && scalerMachine.isPresent() && !force) {
            throw new IllegalArgumentException("machine " + scalerMachine.get() + " runs the scaler (and, in the guide's layout, "
                    + "nginx): stopping it leaves nothing to start it again; add --force if you mean it");
        }
        MachineProvider provider = force
                ? MachineProviders.createUnprotected(settings, InstallDir.find())
                : MachineProviders.create(settings, InstallDir.find());
        try {
            MachineInfo info = switch (verb) {
                case "start" -> provider.start(machineId, noWait ? Duration.ZERO : settings.provider().startTimeout());
                case "stop" -> provider.stop(machineId, noWait ? Duration.ZERO : settings.provider().stopTimeout());
                default -> provider.describe(machineId);
            };
            spec.commandLine().getOut().println(describe(info, settings));
            return 0;
        } catch (ProviderException e) {
            spec.commandLine().getErr().println("mcscale machine " + verb + " " + machineId + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * e.g. {@code ready 0.51 USD/h ps7654321 (storage 5.00 USD/month) platform 10.0.0.11:8000}. The state word comes
     * first so that scripts can take it with {@code cut -d' ' -f1}. A provider that reports no rates (local) is
     * shown at INSTANCE_HOURLY_RATE_USD and STORAGE_MONTHLY_USD.
     */
    private static String describe(MachineInfo info, AutoscalerConfig settings) {
        double hourly = settings.cost().hourlyRateUsd(info.usageRateUsdPerHour());
        double storage = info.storageRateUsdPerMonth() > 0 ? info.storageRateUsdPerMonth() : settings.cost().storageMonthlyUsd();
        return String.format(Locale.ROOT, "%s %.2f USD/h %s (storage %.2f USD/month) platform %s",
                info.state().word(), hourly, info.id(), storage, info.platformAddress().orElse("unknown"));
    }

    /** A role word or a configured id; anything else is bad input, so a typo never starts an unmanaged machine. */
    static String resolve(InstanceGroup group, String machine) {
        List<InstanceSpec> secondaries = group.secondaries();
        if (machine.equalsIgnoreCase("primary")) {
            return group.primary().machineId();
        }
        if (machine.equalsIgnoreCase("secondary")) {
            if (secondaries.size() == 1) {
                return secondaries.get(0).machineId();
            }
            if (secondaries.isEmpty()) {
                throw new IllegalArgumentException("MACHINE 'secondary': SECONDARY_MACHINE_ID is not configured");
            }
            throw new IllegalArgumentException("MACHINE 'secondary' is ambiguous: SECONDARY_MACHINE_ID lists "
                    + secondaries.size() + " machines; use secondary1..secondary" + secondaries.size() + " or an id");
        }
        if (machine.toLowerCase(Locale.ROOT).matches("secondary[0-9]+")) {
            int index = Integer.parseInt(machine.substring("secondary".length()));
            if (index >= 1 && index <= secondaries.size()) {
                return secondaries.get(index - 1).machineId();
            }
            throw new IllegalArgumentException("MACHINE '" + machine + "': there are " + secondaries.size() + " secondaries");
        }
        if (group.find(machine).isPresent()) {
            return machine;
        }
        throw new IllegalArgumentException("MACHINE '" + machine + "' is not configured: use primary, secondary, or one of "
                + group.all().stream().map(InstanceSpec::machineId).toList() + " (PRIMARY_MACHINE_ID / SECONDARY_MACHINE_ID)");
    }
}
