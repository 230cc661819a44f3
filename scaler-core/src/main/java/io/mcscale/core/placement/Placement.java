package io.mcscale.core.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a scale-up starts a machine: a pure function of the secondaries, the region preference and
 * the attempts already made in this scale-up. The policy decides <i>whether</i> to scale up; this
 * decides <i>which</i> machine, and which next when a try ends in a capacity problem. The control
 * loop only carries the choice out and feeds each attempt back.
 *
 * <p>Rules, in order: candidates are ranked by {@link RegionPreference}, then by configured order;
 * a machine not startable (not off, or backing off) is skipped; a machine already tried in this
 * scale-up is not tried again; and once a try in a region ended out of capacity (unavailable, a
 * capacity error, or stuck off), other machines of the same type in that region are skipped too,
 * because they would meet the same shortage. The first candidate left is the choice.
 */
public final class Placement {
    private Placement() {
    }

    /** The candidates in the order a scale-up tries them: preferred region first, then configured order (stable). */
    public static List<StartCandidate> byPreference(List<StartCandidate> candidates, RegionPreference preference) {
        List<StartCandidate> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingInt(c -> preference.rank(c.region())));
        return ordered;
    }

    /**
     * The next machine to try.
     *
     * @param candidates the secondaries in configured order
     * @param tried      the attempts of this scale-up so far, oldest first
     */
    public static PlacementChoice next(List<StartCandidate> candidates, RegionPreference preference, List<StartAttempt> tried) {
        List<String> skipped = new ArrayList<>();
        for (StartCandidate candidate : byPreference(candidates, preference)) {
            if (tried.stream().anyMatch(a -> a.machineId().equals(candidate.machineId()))) {
                continue;
            }
            if (!candidate.startable()) {
                continue;
            }
            Optional<StartAttempt> shortage = tried.stream()
                    .filter(a -> a.outcome().outOfCapacity() && sameRegionAndType(a, candidate))
                    .findFirst();
            if (shortage.isPresent()) {
                skipped.add(candidate.machineId() + " (" + where(candidate) + " out of capacity at "
                        + shortage.get().machineId() + ")");
                continue;
            }
            String why = "start " + candidate.machineId() + " in " + where(candidate)
                    + (tried.isEmpty() ? "" : " after " + summary(tried))
                    + (skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped));
            return new PlacementChoice(Optional.of(candidate.machineId()), why);
        }
        return PlacementChoice.none("no secondary left to start"
                + (tried.isEmpty() ? "" : " after " + summary(tried))
                + (skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped)));
    }

    private static boolean sameRegionAndType(StartAttempt attempt, StartCandidate candidate) {
        boolean sameRegion = attempt.region().isPresent() && candidate.region().isPresent()
                && RegionPreference.sameRegion(attempt.region().get(), candidate.region().get());
        return sameRegion && attempt.machineType().equals(candidate.machineType());
    }

    private static String where(StartCandidate candidate) {
        return candidate.region().orElse("an unknown region");
    }

    private static String summary(List<StartAttempt> tried) {
        List<String> parts = new ArrayList<>();
        for (StartAttempt attempt : tried) {
            parts.add(attempt.machineId() + " " + attempt.outcome().word());
        }
        return String.join(", ", parts);
    }
}
