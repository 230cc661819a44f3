package io.mcscale.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.placement.StartAttempt.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which secondary a scale-up tries next, case by case. */
class PlacementTableTest {
    private static final String NY = "East Coast (NY2)";
    private static final String CA = "West Coast (CA1)";
    private static final String AMS = "Europe (AMS1)";

    record Case(
            String name,
            // the group: "id@region" or "id@region!" for a machine that cannot start now, in configured order
            List<String> secondaries,
            // configuration
            String preference,
            // this scale-up so far: "id:outcome"
            List<String> tried,
            // expected
            Optional<String> next,
            String reasonContains) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no preference keeps the configured order",
                        List.of("s1@" + CA, "s2@" + NY), "", List.of(), Optional.of("s1"), "start s1 in " + CA),
                new Case("the preferred region comes first, whatever the configured order",
                        List.of("s1@" + CA, "s2@" + NY), "ny2,ca1", List.of(), Optional.of("s2"), "start s2 in " + NY),
                new Case("full names match as well as codes",
                        List.of("s1@" + CA, "s2@" + NY), NY + "," + CA, List.of(), Optional.of("s2"), "start s2"),
                new Case("a region not listed comes after the listed ones",
                        List.of("s1@" + AMS, "s2@" + CA), "ca1", List.of(), Optional.of("s2"), "start s2"),
                new Case("a machine that cannot start is passed over",
                        List.of("s1@" + NY + "!", "s2@" + NY), "ny2", List.of(), Optional.of("s2"), "start s2"),
                new Case("an unavailable region is left for the next one, same type skipped",
                        List.of("s1@" + NY, "s2@" + NY, "s3@" + CA), "ny2,ca1", List.of("s1:UNAVAILABLE"),
                        Optional.of("s3"), "skipped s2 (" + NY + " out of capacity at s1)"),
                new Case("a capacity error moves to the next region",
                        List.of("s1@" + NY, "s2@" + CA), "ny2,ca1", List.of("s1:CAPACITY_ERROR"),
                        Optional.of("s2"), "after s1 capacity_error"),
                new Case("a machine stuck off moves to the next region",
                        List.of("s1@" + NY, "s2@" + NY, "s3@" + CA), "", List.of("s1:STAYED_OFF"),
                        Optional.of("s3"), "after s1 stayed_off"),
                new Case("another failure does not condemn the region: its next machine is tried",
                        List.of("s1@" + NY, "s2@" + NY, "s3@" + CA), "ny2,ca1", List.of("s1:FAILED"),
                        Optional.of("s2"), "start s2 in " + NY),
                new Case("a machine is never tried twice in one scale-up",
                        List.of("s1@" + NY), "", List.of("s1:FAILED"), Optional.empty(), "no secondary left to start after s1 failed"),
                new Case("every region out of capacity: nothing left, and the reason says so",
                        List.of("s1@" + NY, "s2@" + CA), "ny2,ca1", List.of("s1:UNAVAILABLE", "s2:CAPACITY_ERROR"),
                        Optional.empty(), "after s1 unavailable, s2 capacity_error"),
                new Case("an unknown region is never taken to share another's shortage",
                        List.of("s1@" + NY, "s2@?"), "", List.of("s1:UNAVAILABLE"), Optional.of("s2"), "an unknown region"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesTheNextCandidate(Case c) {
        List<StartCandidate> candidates = c.secondaries().stream().map(PlacementTableTest::candidate).toList();
        List<StartAttempt> tried = new ArrayList<>();
        for (String attempt : c.tried()) {
            String[] parts = attempt.split(":");
            StartCandidate who = candidates.stream().filter(k -> k.machineId().equals(parts[0])).findFirst().orElseThrow();
            tried.add(StartAttempt.of(who, Outcome.valueOf(parts[1]), "scripted"));
        }

        PlacementChoice choice = Placement.next(candidates, RegionPreference.parse(c.preference()), tried);

        assertThat(choice.machineId()).isEqualTo(c.next());
        assertThat(choice.reason()).contains(c.reasonContains());
    }

    static StartCandidate candidate(String spec) {
        boolean blocked = spec.endsWith("!");
        String plain = blocked ? spec.substring(0, spec.length() - 1) : spec;
        String id = plain.substring(0, plain.indexOf('@'));
        String region = plain.substring(plain.indexOf('@') + 1);
        return new StartCandidate(id, region.equals("?") ? Optional.empty() : Optional.of(region), Optional.of("P4000"), !blocked);
    }
}
