package io.mcscale.scaler.balancer;

import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.Backend;
import java.util.List;
import java.util.Map;

/** Points the load balancer at exactly these backends. Implementations keep the last good setup when an update fails. */
public interface Balancer {
    void route(List<Backend> backends) throws BalancerException;

    /**
     * Like {@link #route(List)}, with a weight or {@code backup} for some backends (REGION_WEIGHTS). A balancer that
     * cannot weigh backends routes to them all alike.
     */
    default void route(List<Backend> backends, Map<Backend, ServerWeight> weights) throws BalancerException {
        route(backends);
    }
}
