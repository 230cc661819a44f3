package io.mcscale.scaler.provider.kubernetes;

import io.mcscale.core.model.MachineState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which pod stands for which of the group's machine ids, and in what state: pure, from one read of the workload's
 * replicas and pods. The control loop thinks in machines with stable ids (the primary, then the secondaries in
 * order); a Deployment's pods have random names. So each pod carries the machine id it stands for in an annotation
 * ({@value PodView#SLOT_ANNOTATION}): a new pod takes the first free id (the one just started, if any), and keeps it
 * until it is removed. A StatefulSet needs none of this: its pod {@code NAME-i} is the group's i-th machine.
 * <pre>
 *   pod Ready ──► ready          pod not Ready ──► starting        (the pod serves only when Ready)
 *   pod terminating, or chosen for removal ──► stopping
 *   no pod, but replicas not yet created for it ──► starting       no pod ──► off
 * </pre>
 */
final class PodSlots {
    private PodSlots() {
    }

    /** One machine id of the group: its state and its pod, if it has one. */
    record Slot(String machineId, MachineState state, Optional<PodView> pod) {
    }

    /**
     * Every machine id's slot, in group order, and the annotations still to write (pod name to machine id).
     *
     * @param replicas the workload's desired replicas
     */
    record Layout(Map<String, Slot> slots, Map<String, String> newAssignments, int replicas) {
        Layout {
            slots = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slots));
            newAssignments = Map.copyOf(newAssignments);
        }

        Slot slot(String machineId) {
            return slots.get(machineId);
        }

        /** Pods that are not on their way out: the ones the ReplicaSet counts against the replicas. */
        long livePods() {
            return slots.values().stream().filter(s -> s.pod().isPresent() && !s.pod().get().terminating()).count();
        }
    }

    /**
     * A Deployment's layout.
     *
     * @param startedFirst machine ids just started, oldest start first: a new pod takes the first of them still free
     */
    static Layout deployment(List<String> machineIds, List<PodView> pods, int replicas, List<String> startedFirst) {
        Map<String, PodView> byId = new HashMap<>();
        List<PodView> unassigned = new ArrayList<>();
        List<PodView> ordered = pods.stream().sorted(Comparator.comparing(PodView::created).thenComparing(PodView::name)).toList();
        for (PodView pod : ordered) {
            Optional<String> id = pod.slot().filter(machineIds::contains);
            if (id.isPresent() && !byId.containsKey(id.get())) {
                byId.put(id.get(), pod);
            } else if (!pod.terminating()) {
                unassigned.add(pod); // new, or its id left the configuration, or two pods claimed one id
            }
        }
        Set<String> freeOrder = new LinkedHashSet<>(startedFirst);
        freeOrder.addAll(machineIds);
        freeOrder.retainAll(machineIds);
        freeOrder.removeAll(byId.keySet());
        Map<String, String> assignments = new HashMap<>();
        var free = freeOrder.iterator();
        for (PodView pod : unassigned) {
            if (!free.hasNext()) {
                break; // more pods than the group has machines: someone scaled the workload by hand; they stay unmanaged
            }
            String id = free.next();
            byId.put(id, pod);
            assignments.put(pod.name(), id);
            free.remove();
        }
        long live = byId.values().stream().filter(p -> !p.terminating()).count();
        long pending = Math.max(0, replicas - live);
        Map<String, MachineState> pendingStates = new HashMap<>();
        for (String id : freeOrder) {
            if (pending-- <= 0) {
                break;
            }
            pendingStates.put(id, MachineState.STARTING);
        }
        Map<String, Slot> slots = new LinkedHashMap<>();
        for (String id : machineIds) {
            Optional<PodView> pod = Optional.ofNullable(byId.get(id));
            MachineState state = pod.map(PodSlots::state).orElse(pendingStates.getOrDefault(id, MachineState.OFF));
            slots.put(id, new Slot(id, state, pod));
        }
        return new Layout(slots, assignments, replicas);
    }

    /** A StatefulSet's layout: the group's i-th machine id is pod {@code workloadName-i}. */
    static Layout statefulSet(List<String> machineIds, String workloadName, List<PodView> pods, int replicas) {
        Map<String, PodView> byName = new HashMap<>();
        pods.forEach(pod -> byName.put(pod.name(), pod));
        Map<String, Slot> slots = new LinkedHashMap<>();
        for (int i = 0; i < machineIds.size(); i++) {
            Optional<PodView> pod = Optional.ofNullable(byName.get(workloadName + "-" + i));
            MachineState state = pod.map(PodSlots::state).orElse(i < replicas ? MachineState.STARTING : MachineState.OFF);
            slots.put(machineIds.get(i), new Slot(machineIds.get(i), state, pod));
        }
        return new Layout(slots, Map.of(), replicas);
    }

    private static MachineState state(PodView pod) {
        if (pod.terminating() || pod.markedForRemoval()) {
            return MachineState.STOPPING;
        }
        return pod.ready() ? MachineState.READY : MachineState.STARTING;
    }

    /**
     * The pod a ReplicaSet would remove instead of {@code target} once {@code target} costs {@link PodView#REMOVAL_COST},
     * if any. Its ranking puts an unscheduled pod first, then Pending before Unknown before Running, then not Ready
     * before Ready, and only then the lowest deletion cost; pods already on their way out do not count.
     */
    static Optional<PodView> removedInstead(PodView target, List<PodView> pods) {
        Comparator<PodView> rank = Comparator.comparing(PodView::scheduled)
                .thenComparingInt(p -> phaseRank(p.phase()))
                .thenComparing(PodView::ready);
        return pods.stream()
                .filter(p -> !p.name().equals(target.name()) && !p.terminating() && !p.markedForRemoval())
                .filter(p -> rank.compare(p, target) < 0)
                .findFirst();
    }

    private static int phaseRank(String phase) {
        return switch (phase) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }
}
