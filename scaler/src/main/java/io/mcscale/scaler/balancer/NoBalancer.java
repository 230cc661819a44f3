package io.mcscale.scaler.balancer;

import io.mcscale.core.model.Backend;
import java.util.List;

/** {@code LOAD_BALANCER=none}: the operator routes traffic some other way, so there is nothing to update. */
public final class NoBalancer implements Balancer {
    @Override
    public void route(List<Backend> backends) {
        // Deliberately nothing: chosen explicitly in the configuration.
    }
}
