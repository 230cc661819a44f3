package io.mcscale.core.policy;

import io.mcscale.core.model.ScaleDecision;

/** One evaluation's decision and the state to hand to the next evaluation. */
public record PolicyResult(ScaleDecision decision, PolicyState next) {
}
