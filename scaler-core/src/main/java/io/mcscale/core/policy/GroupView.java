package io.mcscale.core.policy;

import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MetricsReading;
import java.util.List;
import java.util.Optional;

/**
 * The group as {@link GroupPolicy} sees it at one evaluation: every machine, the primary first and
 * then the secondaries in their configured order (scaling up starts the first one that is off,
 * scaling down drains the newest serving one), and the aggregated metrics of the serving machines.
 * The daemon builds it from its machines; a simulation builds it from simulated ones.
 *
 * @param reading the metrics of the serving machines (not the primary during failover), or why they failed
 */
public record GroupView(List<MachineView> machines, MetricsReading reading) {
    public GroupView {
        machines = List.copyOf(machines);
        if (machines.isEmpty() || !machines.get(0).isPrimary()
                || machines.stream().skip(1).anyMatch(MachineView::isPrimary)) {
            throw new IllegalArgumentException("a group view lists exactly one primary, first, then its secondaries");
        }
    }

    public MachineView primary() {
        return machines.get(0);
    }

    public List<MachineView> secondaries() {
        return machines.subList(1, machines.size());
    }

    /** The secondaries the policy starts and stops, in configured order: all but the base ones (MIN_INSTANCES). */
    public List<MachineView> scalableSecondaries() {
        return secondaries().stream().filter(MachineView::isScalable).toList();
    }

    /** Machines serving or starting: n for the limits. A draining machine is on its way out and does not count. */
    public int activeInstances() {
        return (int) machines.stream().filter(m -> m.phase().isActive()).count();
    }

    /** The newest scalable secondary in {@code phase} (the last in configured order), if any. */
    Optional<MachineView> newestSecondary(MachinePhase phase) {
        List<MachineView> secondaries = scalableSecondaries();
        for (int i = secondaries.size() - 1; i >= 0; i--) {
            if (secondaries.get(i).phase() == phase) {
                return Optional.of(secondaries.get(i));
            }
        }
        return Optional.empty();
    }
}
