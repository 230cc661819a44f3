package io.mcscale.scaler.balancer;

import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.Backend;
import java.util.List;
import java.util.Map;

/** A balancer as the daemon runs it: {@link #close()} stops what it started (the managed nginx), nothing else. */
public final class RunningBalancer implements Balancer, AutoCloseable {
    private final Balancer balancer;
    private final Runnable stop;
    private final String description;

    RunningBalancer(Balancer balancer, Runnable stop, String description) {
        this.balancer = balancer;
        this.stop = stop;
        this.description = description;
    }

    @Override
    public void route(List<Backend> backends) throws BalancerException {
        balancer.route(backends);
    }

    @Override
    public void route(List<Backend> backends, Map<Backend, ServerWeight> weights) throws BalancerException {
        balancer.route(backends, weights);
    }

    /** What routes the traffic, e.g. "managed nginx on 127.0.0.1:8080", for logs and status. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        stop.run();
    }
}
