package io.mcscale.scaler.store;

import java.time.Instant;
import java.util.List;

/**
 * One evaluation of the policy: what it decided ({@code scale_up}, {@code scale_down}, {@code none}),
 * why, and the inputs it saw as a JSON object (aggregated metrics, instance counts, cooldown).
 */
public record DecisionRecord(long id, Instant at, String outcome, List<String> reasons, String inputsJson) {
}
