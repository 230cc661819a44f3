package io.mcscale.scaler.provider;

import io.mcscale.core.model.MachineState;
import java.util.Optional;

/**
 * What a provider knows of one machine. {@code platformAddress} is {@code host:port} of the
 * platform on it, when the provider can tell; the rates feed the cost model. {@code region} and
 * {@code machineType} are the provider's own words (Paperspace: e.g. {@code ny2} or
 * {@code East Coast (NY2)}, and {@code P4000}); empty where the provider has no such notion.
 */
public record MachineInfo(
        String id,
        String name,
        MachineState state,
        Optional<String> platformAddress,
        double usageRateUsdPerHour,
        double storageRateUsdPerMonth,
        Optional<String> region,
        Optional<String> machineType) {

    /** A machine whose provider knows no region or machine type (local processes, test fakes). */
    public MachineInfo(String id, String name, MachineState state, Optional<String> platformAddress,
            double usageRateUsdPerHour, double storageRateUsdPerMonth) {
        this(id, name, state, platformAddress, usageRateUsdPerHour, storageRateUsdPerMonth, Optional.empty(), Optional.empty());
    }
}
