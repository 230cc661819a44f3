package io.mcscale.scaler.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.MachineState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodSlotsTest {
    private static final List<String> GROUP = List.of("m-1", "m-2", "m-3", "m-4");

    /** A pod as the table writes it: {@code name[:machineId][ ready][ terminating][ marked]}. */
    private static PodView pod(String spec) {
        String[] words = spec.split(" ");
        String[] nameAndId = words[0].split(":");
        Set<String> flags = Set.of(words).stream().skip(0).collect(Collectors.toSet());
        return new PodView(nameAndId[0], nameAndId.length > 1 ? Optional.of(nameAndId[1]) : Optional.empty(),
                Instant.parse("2026-11-30T12:00:00Z").plusSeconds(nameAndId[0].hashCode() & 0xff), true, "Running",
                flags.contains("ready"), flags.contains("terminating"), flags.contains("marked") ? PodView.REMOVAL_COST : 0,
                Optional.of("127.0.0.1:8000"), "");
    }

    record LayoutCase(
            String why,
            // the cluster
            List<String> pods, int replicas,
            // the provider's memory
            List<String> startedFirst,
            // expected: each machine id's state word, and new annotations (pod=id)
            String states, String assignments) {
    }

    static Stream<LayoutCase> deploymentCases() {
        return Stream.of(
                new LayoutCase("one ready primary, nothing else", List.of("a:m-1 ready"), 1, List.of(),
                        "m-1=ready m-2=off m-3=off m-4=off", ""),
                new LayoutCase("a new pod takes the first free id", List.of("a:m-1 ready", "b"), 2, List.of(),
                        "m-1=ready m-2=starting m-3=off m-4=off", "b=m-2"),
                new LayoutCase("a new pod takes the id just started, even past a free one", List.of("a:m-1 ready", "c:m-3 ready", "d"), 3,
                        List.of("m-4"), "m-1=ready m-2=off m-3=ready m-4=starting", "d=m-4"),
                new LayoutCase("a replica asked for but not created yet is starting", List.of("a:m-1 ready"), 2, List.of(),
                        "m-1=ready m-2=starting m-3=off m-4=off", ""),
                new LayoutCase("the replica on its way counts for the id just started", List.of("a:m-1 ready"), 2, List.of("m-3"),
                        "m-1=ready m-2=off m-3=starting m-4=off", ""),
                new LayoutCase("a marked pod is stopping; the replicas already dropped for it", List.of("a:m-1 ready", "b:m-2 ready marked"),
                        1, List.of(), "m-1=ready m-2=stopping m-3=off m-4=off", ""),
                new LayoutCase("a terminating pod keeps its id until it is gone", List.of("a:m-1 ready", "b:m-2 terminating"), 1,
                        List.of(), "m-1=ready m-2=stopping m-3=off m-4=off", ""),
                new LayoutCase("a pod whose id left the configuration takes a free one", List.of("a:m-1 ready", "b:old-7 ready"), 2,
                        List.of(), "m-1=ready m-2=ready m-3=off m-4=off", "b=m-2"),
                new LayoutCase("after a scaler restart an unannotated primary is found", List.of("a ready"), 1, List.of(),
                        "m-1=ready m-2=off m-3=off m-4=off", "a=m-1"),
                new LayoutCase("pods beyond the group stay unmanaged",
                        List.of("a:m-1 ready", "b:m-2 ready", "c:m-3 ready", "d:m-4 ready", "e ready"), 5, List.of(),
                        "m-1=ready m-2=ready m-3=ready m-4=ready", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deploymentCases")
    void aDeploymentsPodsStandForTheGroupsMachineIds(LayoutCase c) {
        PodSlots.Layout layout = PodSlots.deployment(GROUP, c.pods().stream().map(PodSlotsTest::pod).toList(), c.replicas(),
                c.startedFirst());

        assertThat(states(layout)).as(c.why()).isEqualTo(c.states());
        assertThat(new java.util.TreeMap<>(layout.newAssignments()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "))).as(c.why()).isEqualTo(c.assignments());
    }

    static Stream<LayoutCase> statefulSetCases() {
        return Stream.of(
                new LayoutCase("pod NAME-i is the i-th machine", List.of("web-0 ready", "web-1"), 2, List.of(),
                        "m-1=ready m-2=starting m-3=off m-4=off", ""),
                new LayoutCase("an ordinal below the replicas without a pod is starting", List.of("web-0 ready"), 3, List.of(),
                        "m-1=ready m-2=starting m-3=starting m-4=off", ""),
                new LayoutCase("a terminating ordinal is stopping", List.of("web-0 ready", "web-1 ready terminating"), 1, List.of(),
                        "m-1=ready m-2=stopping m-3=off m-4=off", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statefulSetCases")
    void aStatefulSetsOrdinalsAreTheGroupsMachines(LayoutCase c) {
        PodSlots.Layout layout = PodSlots.statefulSet(GROUP, "web", c.pods().stream().map(PodSlotsTest::pod).toList(), c.replicas());

        assertThat(states(layout)).as(c.why()).isEqualTo(c.states());
        assertThat(layout.newAssignments()).isEmpty();
    }

    record RemovalCase(String why, PodView target, List<PodView> others, Optional<String> removedInstead) {
    }

    static Stream<RemovalCase> removalCases() {
        PodView readyTarget = pod("t:m-2 ready");
        PodView startingTarget = pod("t:m-2");
        PodView unscheduled = new PodView("u", Optional.empty(), Instant.EPOCH, false, "Pending", false, false, 0, Optional.empty(), "");
        return Stream.of(
                new RemovalCase("all ready: the lowest cost decides", readyTarget, List.of(pod("a:m-1 ready"), pod("b:m-3 ready")),
                        Optional.empty()),
                new RemovalCase("another pod not Ready goes first", readyTarget, List.of(pod("a:m-1 ready"), pod("b:m-3")),
                        Optional.of("b")),
                new RemovalCase("an unscheduled pod goes first", startingTarget, List.of(unscheduled), Optional.of("u")),
                new RemovalCase("both not Ready: the cost decides", startingTarget, List.of(pod("b:m-3")), Optional.empty()),
                new RemovalCase("a pod already on its way out does not count", readyTarget, List.of(pod("b:m-3 terminating"),
                        pod("c:m-4 marked")), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("removalCases")
    void theReplicaSetRemovesTheMarkedPodOnlyWhenNoPodRanksBelowIt(RemovalCase c) {
        List<PodView> all = new ArrayList<>(c.others());
        all.add(c.target());
        assertThat(PodSlots.removedInstead(c.target(), all).map(PodView::name)).as(c.why()).isEqualTo(c.removedInstead());
    }

    @Property
    void noMachineIdHasTwoPodsAndNoPodTwoIds(@ForAll @Size(max = 8) List<@IntRange(min = 0, max = 6) Integer> podIds,
            @ForAll @IntRange(min = 0, max = 10) int replicas) {
        List<PodView> pods = new ArrayList<>();
        for (int i = 0; i < podIds.size(); i++) {
            int id = podIds.get(i);
            pods.add(pod("p" + i + (id == 0 ? "" : ":m-" + id) + " ready"));
        }
        PodSlots.Layout layout = PodSlots.deployment(GROUP, pods, replicas, List.of());

        Set<String> podsSeen = new HashSet<>();
        for (PodSlots.Slot slot : layout.slots().values()) {
            slot.pod().ifPresent(p -> assertThat(podsSeen.add(p.name())).as("pod " + p.name() + " stands for one id").isTrue());
        }
        assertThat(podsSeen).hasSize(Math.min(pods.size(), GROUP.size()));
        long starting = layout.slots().values().stream().filter(s -> s.pod().isEmpty() && s.state() == MachineState.STARTING).count();
        assertThat(starting).isEqualTo(Math.max(0, Math.min(GROUP.size() - podsSeen.size(), replicas - podsSeen.size())));
    }

    private static String states(PodSlots.Layout layout) {
        Map<String, String> words = new LinkedHashMap<>();
        layout.slots().forEach((id, slot) -> words.put(id, slot.state().word()));
        return words.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
