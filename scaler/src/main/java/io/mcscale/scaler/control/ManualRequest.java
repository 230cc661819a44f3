package io.mcscale.scaler.control;

import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.OperatorRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An operator's request through the admin API ({@code mcscale scale up|down [--force]},
 * {@code mcscale failover}) and the answer to it. The control loop hands the request to
 * {@link io.mcscale.core.policy.GroupPolicy} on its next tick and completes {@link #outcome} with a
 * sentence saying what it did or why it refused.
 */
public record ManualRequest(OperatorRequest request, CompletableFuture<Outcome> outcome) {

    public record Outcome(boolean accepted, String message) {
    }

    public static ManualRequest of(OperatorRequest.Kind kind, boolean force) {
        return new ManualRequest(OperatorRequest.of(kind, force), new CompletableFuture<>());
    }

    /** The answer to the operator: what the decision does, or its last reason when it does nothing. */
    static Outcome outcomeOf(GroupDecision decision) {
        String machine = decision.machineId().orElse("");
        return switch (decision.kind()) {
            case SCALE_UP -> new Outcome(true, "starting " + machine);
            case SCALE_DOWN -> new Outcome(true, "draining " + machine + ", then stopping it");
            case CANCEL_DRAIN -> new Outcome(true, "cancelled the drain of " + machine + " and put it back in the balancer");
            case FAILOVER -> new Outcome(true, "failing over: secondary starting, primary restarting");
            case NONE -> {
                List<String> reasons = decision.reasons();
                yield new Outcome(false, reasons.isEmpty() ? "nothing to do" : reasons.get(reasons.size() - 1));
            }
        };
    }
}
