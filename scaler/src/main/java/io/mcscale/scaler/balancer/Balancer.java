package io.mcscale.scaler.balancer;

import io.mcscale.core.model.Backend;
import java.util.List;

/** Points the load balancer at exactly these backends. Implementations keep the last good setup when an update fails. */
public interface Balancer {
    void route(List<Backend> backends) throws BalancerException;
}
