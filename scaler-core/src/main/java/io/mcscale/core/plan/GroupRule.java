package io.mcscale.core.plan;

import io.mcscale.core.model.ScaleDecision;
import java.time.Instant;

/**
 * The seam between the simulated group and the decision code: one call per poll, with the time
 * handed in. A rule keeps its own state between calls, so a fresh rule is made for each run.
 */
public interface GroupRule {
    ScaleDecision decide(GroupView view, Instant now);

    /** A group whose size never changes: {@code always-on:N}. */
    GroupRule NEVER = (view, now) -> ScaleDecision.none(java.util.List.of("always on"));
}
