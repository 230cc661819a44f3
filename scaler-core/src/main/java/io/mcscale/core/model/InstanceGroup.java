package io.mcscale.core.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The machines the autoscaler manages: a primary that the policy never stops, and an ordered
 * list of secondaries. Scaling up starts the first secondary that is off; scaling down stops
 * the newest one. The guide's setup is one secondary; a pool of N is the same model with a
 * longer list.
 *
 * @param minInstances MIN_INSTANCES: the primary and the first {@code minInstances - 1} secondaries are always on
 */
public record InstanceGroup(InstanceSpec primary, List<InstanceSpec> secondaries, int minInstances) {
    /** A group whose only always-on machine is the primary. */
    public InstanceGroup(InstanceSpec primary, List<InstanceSpec> secondaries) {
        this(primary, secondaries, 1);
    }

    public InstanceGroup {
        secondaries = List.copyOf(secondaries);
        if (minInstances < 1 || minInstances > 1 + secondaries.size()) {
            throw new IllegalArgumentException("MIN_INSTANCES=" + minInstances + " is not allowed: use 1 to "
                    + (1 + secondaries.size()) + " (the primary plus the " + secondaries.size() + " secondaries)");
        }
        var seen = new HashSet<String>();
        seen.add(primary.machineId());
        for (InstanceSpec secondary : secondaries) {
            if (!seen.add(secondary.machineId())) {
                throw new IllegalArgumentException("machine id " + secondary.machineId() + " appears twice in the group");
            }
        }
    }

    /** The primary first, then the secondaries in their configured order. */
    public List<InstanceSpec> all() {
        List<InstanceSpec> all = new ArrayList<>(1 + secondaries.size());
        all.add(primary);
        all.addAll(secondaries);
        return all;
    }

    public int maxInstances() {
        return 1 + secondaries.size();
    }

    /** Whether this secondary is one of the base ones that MIN_INSTANCES keeps on. */
    public boolean isBase(String machineId) {
        for (int i = 0; i < minInstances - 1; i++) {
            if (secondaries.get(i).machineId().equals(machineId)) {
                return true;
            }
        }
        return false;
    }

    public Optional<InstanceSpec> find(String machineId) {
        return all().stream().filter(spec -> spec.machineId().equals(machineId)).findFirst();
    }

    public boolean isPrimary(String machineId) {
        return primary.machineId().equals(machineId);
    }
}
