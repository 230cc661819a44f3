package io.mcscale.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.placement.StartAttempt.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of {@link Placement}: a scale-up that keeps failing tries each startable machine at most once, then stops. */
class PlacementPropertiesTest {
    private static final List<String> REGIONS = List.of("ny2", "West Coast (CA1)", "ams1");

    @Property(tries = 300)
    void aScaleUpTriesEachStartableMachineAtMostOnceAndEnds(@ForAll("groups") List<StartCandidate> group,
            @ForAll("outcomes") List<Outcome> outcomes, @ForAll("preferences") String preference) {
        RegionPreference regions = RegionPreference.parse(preference);
        List<StartAttempt> tried = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i <= group.size(); i++) {
            PlacementChoice choice = Placement.next(group, regions, tried);
            if (choice.machineId().isEmpty()) {
                break;
            }
            String id = choice.machineId().get();
            StartCandidate chosen = group.stream().filter(c -> c.machineId().equals(id)).findFirst().orElseThrow();
            assertThat(chosen.startable()).as("chose a machine that cannot start").isTrue();
            assertThat(seen.add(id)).as("tried %s twice", id).isTrue();
            tried.add(StartAttempt.of(chosen, outcomes.get(i % outcomes.size()), "property"));
        }
        assertThat(Placement.next(group, regions, tried).machineId()).as("never ends").isEmpty();
    }

    @Property(tries = 300)
    void theFirstChoiceIsAStartableMachineOfTheBestRankedRegionThatHasOne(@ForAll("groups") List<StartCandidate> group,
            @ForAll("preferences") String preference) {
        RegionPreference regions = RegionPreference.parse(preference);
        Optional<String> first = Placement.next(group, regions, List.of()).machineId();
        int bestRank = group.stream().filter(StartCandidate::startable).mapToInt(c -> regions.rank(c.region())).min().orElse(-1);

        if (bestRank < 0) {
            assertThat(first).isEmpty();
        } else {
            StartCandidate chosen = group.stream().filter(c -> c.machineId().equals(first.orElseThrow())).findFirst().orElseThrow();
            assertThat(regions.rank(chosen.region())).isEqualTo(bestRank);
        }
    }

    @Provide
    Arbitrary<List<StartCandidate>> groups() {
        Arbitrary<StartCandidate> machine = Combinators.combine(
                        Arbitraries.of(REGIONS).optional(0.9), Arbitraries.of("P4000", "A4000"), Arbitraries.of(true, true, false))
                .as((region, type, startable) -> new StartCandidate("x", region, Optional.of(type), startable));
        return machine.list().ofMinSize(0).ofMaxSize(8).map(list -> {
            List<StartCandidate> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                StartCandidate c = list.get(i);
                named.add(new StartCandidate("ps-" + i, c.region(), c.machineType(), c.startable()));
            }
            return named;
        });
    }

    @Provide
    Arbitrary<List<Outcome>> outcomes() {
        return Arbitraries.of(Outcome.class).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> preferences() {
        return Arbitraries.of("", "ny2", "ca1,ny2", "ams1,West Coast (CA1),ny2", "nowhere");
    }
}
