package io.mcscale.scaler.provider;

import io.mcscale.core.model.MachineState;
import java.util.Optional;

/**
 * What a provider knows of one machine. {@code platformAddress} is {@code host:port} of the
 * platform on it, when the provider can tell; the rates feed the cost model.
 */
public record MachineInfo(
        String id,
        String name,
        MachineState state,
        Optional<String> platformAddress,
        double usageRateUsdPerHour,
        double storageRateUsdPerMonth) {
}
