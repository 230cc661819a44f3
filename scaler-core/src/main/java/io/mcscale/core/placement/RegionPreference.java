package io.mcscale.core.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code REGION_PREFERENCE}: region names in the order the scaler should start secondaries in them.
 * A name matches a provider's region when they are equal ignoring case, or when one is the code in
 * the other's parentheses: {@code ca1} matches Paperspace's {@code West Coast (CA1)}. Regions not
 * listed (and machines whose region is unknown) come after the listed ones; within one rank the
 * configured order of the secondaries holds, so an empty preference is exactly that order.
 */
public record RegionPreference(List<String> regions) {
    public static final RegionPreference NONE = new RegionPreference(List.of());

    public RegionPreference {
        regions = List.copyOf(regions);
        for (String region : regions) {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("a region name is empty: list names such as ny2,ca1");
            }
        }
    }

    /** Parses a comma list such as {@code ny2, West Coast (CA1)}; blank means no preference. */
    public static RegionPreference parse(String commaList) {
        if (commaList == null || commaList.isBlank()) {
            return NONE;
        }
        List<String> regions = new ArrayList<>();
        for (String part : commaList.split(",")) {
            regions.add(part.strip());
        }
        return new RegionPreference(regions);
    }

    /** 0 for the first listed region, 1 for the next, ...; {@code regions().size()} when not listed or unknown. */
    public int rank(Optional<String> region) {
        if (region.isPresent()) {
            for (int i = 0; i < regions.size(); i++) {
                if (sameRegion(regions.get(i), region.get())) {
                    return i;
                }
            }
        }
        return regions.size();
    }

    /** True when a configured name and a provider's region name the same region (see the class comment). */
    public static boolean sameRegion(String a, String b) {
        String x = a.strip();
        String y = b.strip();
        return x.equalsIgnoreCase(y) || code(x).filter(y::equalsIgnoreCase).isPresent()
                || code(y).filter(x::equalsIgnoreCase).isPresent();
    }

    private static Optional<String> code(String region) {
        int open = region.lastIndexOf('(');
        int close = region.lastIndexOf(')');
        return open >= 0 && close > open + 1
                ? Optional.of(region.substring(open + 1, close).strip().toLowerCase(Locale.ROOT))
                : Optional.empty();
    }
}
