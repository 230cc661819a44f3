package io.mcscale.scaler.control;

import io.mcscale.core.cost.MonthCost;
import java.util.Optional;

/**
 * What the group costs, as the control loop's {@link CostPublisher} worked it out: the one answer
 * that {@code /api/status}, the status page, Prometheus and the budget guard all show.
 */
public interface GroupCost {
    /** USD per hour of the machines billed now, each at the provider's rate when it reports one. */
    double currentRateUsdPerHour();

    /** The month so far and its projection, from the last read of the event store; empty before the first. */
    Optional<MonthCost> month();
}
