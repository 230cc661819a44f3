package io.mcscale.scaler.provider;

import io.mcscale.core.model.Backend;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.config.ConfigException;
import io.mcscale.scaler.config.ProviderSettings;
import io.mcscale.scaler.config.Secret;
import io.mcscale.scaler.provider.kubernetes.KubernetesProviders;
import io.mcscale.scaler.provider.local.LocalProvider;
import io.mcscale.scaler.provider.paperspace.PaperspaceClient;
import io.mcscale.scaler.provider.paperspace.PaperspaceProvider;
import io.mcscale.scaler.provider.paperspace.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns the configuration's {@code PROVIDER} into a {@link MachineProvider}. */
public final class MachineProviders {
    private static final Logger log = LoggerFactory.getLogger(MachineProviders.class);
    /** Paperspace starts take 30 s to minutes; polling more often than this only spends rate limit. */
    private static final Duration PAPERSPACE_MAX_POLL = Duration.ofSeconds(5);

    private MachineProviders() {
    }

    /**
     * The configured provider, which never stops or restarts the machine the scaler runs on ({@link ScalerMachine}).
     *
     * @param installDir where mcscale is installed ({@code bin/mcscale} lives under it), for the local provider's default command
     */
    public static MachineProvider create(AutoscalerConfig config, Path installDir) {
        MachineProvider provider = createUnprotected(config, installDir);
        Optional<ScalerMachine> scalerMachine = ScalerMachine.of(config);
        if (scalerMachine.isEmpty()) {
            return provider;
        }
        log.info("this scaler runs on machine {}: it is never stopped or restarted through the provider", scalerMachine.get());
        return new SelfProtectingProvider(provider, scalerMachine.get());
    }

    /** The configured provider as it is, for an operator's explicit {@code mcscale machine stop --force}. */
    public static MachineProvider createUnprotected(AutoscalerConfig config, Path installDir) {
        ProviderSettings settings = config.provider();
        Map<String, Backend> addresses = configuredAddresses(config.group().all());
        return switch (settings.kind()) {
            case PAPERSPACE -> {
                Secret key = config.paperspace().apiKey().orElseThrow(() -> new ConfigException("PAPERSPACE_API_KEY",
                        List.of("PAPERSPACE_API_KEY is empty but PROVIDER=paperspace: set the key, or PROVIDER=local")));
                PaperspaceClient client = new PaperspaceClient(config.paperspace().apiUrl(), key.reveal());
                yield new PaperspaceProvider(client, addresses, settings.platformPort(), Clock.systemUTC(), Sleeper.REAL,
                        PAPERSPACE_MAX_POLL);
            }
            case LOCAL -> new LocalProvider(addresses, settings.localPlatformCommandOr(installDir), settings.localDataDir(),
                    config.control().dataDir(), config.control().platformAdminToken().map(Secret::reveal).orElse(""));
            case KUBERNETES -> KubernetesProviders.create(config);
        };
    }

    private static Map<String, Backend> configuredAddresses(List<InstanceSpec> machines) {
        Map<String, Backend> addresses = new HashMap<>();
        for (InstanceSpec machine : machines) {
            machine.backend().ifPresent(backend -> addresses.put(machine.machineId(), backend));
        }
        return addresses;
    }
}
