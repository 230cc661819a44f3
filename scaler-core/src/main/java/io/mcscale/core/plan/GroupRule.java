package io.mcscale.core.plan;

import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.PolicyState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The seam between the simulated group and the decision code: one call per poll, with the time
 * handed in, answered with the daemon's own kind of decision (which machine to start, drain or put
 * back). A rule keeps its own state between calls, so a fresh rule is made for each run.
 */
public interface GroupRule {
    GroupDecision decide(PollView view, Instant now);

    /** A group whose size never changes: {@code always-on:N}. */
    GroupRule NEVER = (view, now) -> new GroupDecision(GroupDecision.Kind.NONE, Optional.empty(), List.of("always on"),
            PolicyState.INITIAL);

    /** The machine ids a simulated group's rule sees: {@code primary}, then {@code secondary-1}, {@code secondary-2}, ... */
    static String machineId(int slot) {
        return slot == 0 ? "primary" : "secondary-" + slot;
    }

    /** The slot of a machine id from {@link #machineId}. */
    static int slotOf(String machineId) {
        return machineId.equals("primary") ? 0 : Integer.parseInt(machineId.substring("secondary-".length()));
    }
}
