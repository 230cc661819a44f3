package io.mcscale.scaler.control;

import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.Balancer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every routing the controller asks for; the last one is what would be live. */
public final class RecordingBalancer implements Balancer {
    final List<List<Backend>> routes = new CopyOnWriteArrayList<>();
    /** The weights of each routing, in step with {@link #routes}. */
    final List<Map<Backend, ServerWeight>> weights = new CopyOnWriteArrayList<>();

    @Override
    public void route(List<Backend> backends) {
        route(backends, Map.of());
    }

    @Override
    public void route(List<Backend> backends, Map<Backend, ServerWeight> weighted) {
        routes.add(List.copyOf(backends));
        weights.add(Map.copyOf(weighted));
    }

    public List<Backend> live() {
        return routes.isEmpty() ? List.of() : routes.get(routes.size() - 1);
    }
}
