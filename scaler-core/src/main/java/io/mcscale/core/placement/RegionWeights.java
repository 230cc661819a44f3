package io.mcscale.core.placement;

import io.mcscale.core.balancer.ServerWeight;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code REGION_WEIGHTS}: how nginx weighs the instances of each region, e.g.
 * {@code West Coast (CA1)=backup,ams1=2}. Region names match as in {@link RegionPreference}
 * ({@code ca1} matches {@code West Coast (CA1)}). A region not listed, or an instance whose region
 * is unknown, gets nginx's default weight 1.
 */
public record RegionWeights(Map<String, ServerWeight> byRegion) {
    public static final RegionWeights NONE = new RegionWeights(Map.of());

    public RegionWeights {
        byRegion = Collections.unmodifiableMap(new LinkedHashMap<>(byRegion));
    }

    /**
     * Parses a comma list of {@code REGION=WEIGHT}, WEIGHT being 1-100 or {@code backup}; blank means none.
     *
     * @throws IllegalArgumentException naming the entry that is wrong and the form that is right
     */
    public static RegionWeights parse(String commaList) {
        if (commaList == null || commaList.isBlank()) {
            return NONE;
        }
        Map<String, ServerWeight> weights = new LinkedHashMap<>();
        for (String entry : commaList.split(",")) {
            int eq = entry.lastIndexOf('=');
            String region = eq < 0 ? "" : entry.substring(0, eq).strip();
            if (eq < 0 || region.isEmpty()) {
                throw new IllegalArgumentException("'" + entry.strip() + "' is not REGION=WEIGHT: write e.g. ca1=backup or ams1=2");
            }
            try {
                weights.put(region, ServerWeight.parse(entry.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + entry.strip() + "': " + e.getMessage());
            }
        }
        return new RegionWeights(weights);
    }

    /** The weight of an instance in {@code region}. */
    public ServerWeight of(Optional<String> region) {
        if (region.isPresent()) {
            for (Map.Entry<String, ServerWeight> entry : byRegion.entrySet()) {
                if (RegionPreference.sameRegion(entry.getKey(), region.get())) {
                    return entry.getValue();
                }
            }
        }
        return ServerWeight.NORMAL;
    }
}
