package io.mcscale.scaler.config;

import io.mcscale.core.placement.RegionPreference;
import io.mcscale.core.placement.RegionWeights;
import java.time.Duration;

/**
 * Secondaries in several regions: {@code REGION_PREFERENCE} (the order in which regions are tried),
 * {@code START_OFF_TIMEOUT_SECONDS} (how long a started machine may still read off before the
 * scale-up moves on) and {@code REGION_WEIGHTS} (how nginx weighs each region's instances).
 */
public record RegionSettings(RegionPreference preference, Duration startOffTimeout, RegionWeights weights) {
    public static final RegionSettings NONE = new RegionSettings(RegionPreference.NONE, Duration.ofSeconds(120), RegionWeights.NONE);
}
