package io.mcscale.scaler.control;

import io.mcscale.core.model.Backend;
import io.mcscale.scaler.balancer.Balancer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every routing the controller asks for; the last one is what would be live. */
public final class RecordingBalancer implements Balancer {
    final List<List<Backend>> routes = new CopyOnWriteArrayList<>();

    @Override
    public void route(List<Backend> backends) {
        routes.add(List.copyOf(backends));
    }

    public List<Backend> live() {
        return routes.isEmpty() ? List.of() : routes.get(routes.size() - 1);
    }
}
