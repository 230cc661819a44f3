package io.mcscale.scaler.admin;

import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.config.CostSettings;
import io.mcscale.scaler.control.FakeProvider;
import io.mcscale.scaler.control.RecordingBalancer;
import io.mcscale.scaler.control.TestControllers;
import io.mcscale.scaler.control.AutoscalerController;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.MutableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * A real admin server on loopback over a real controller and event store: the primary {@code ps-1} is a
 * fake platform that serves, the secondary {@code ps-2} is off. The controller has ticked once, after any history.
 */
final class AdminServerFixture implements AutoCloseable {
    static final String TOKEN = "t0ken-for-tests";
    static final CostSettings BUDGET_100 = new CostSettings(OptionalDouble.of(100), 0.51, 5);

    final MutableClock clock;
    final FakePlatformServer primary;
    final EventStore store;
    final AutoscalerController controller;
    final PrometheusRegistry registry = new PrometheusRegistry();
    final AdminServer server;

    AdminServerFixture(Path dir, MutableClock clock) throws IOException {
        this(dir, clock, store -> { });
    }

    /** @param history what the event store held before this scaler started */
    AdminServerFixture(Path dir, MutableClock clock, Consumer<EventStore> history) throws IOException {
        this.clock = clock;
        primary = new FakePlatformServer();
        store = EventStore.open(dir.resolve("events.db"));
        history.accept(store);
        FakeProvider provider = new FakeProvider(Map.of("ps-1", MachineState.READY, "ps-2", MachineState.OFF));
        InstanceGroup group = new InstanceGroup(new InstanceSpec("ps-1", Optional.of(URI.create("http://" + primary.backend()))),
                List.of(new InstanceSpec("ps-2", Optional.of(URI.create("http://127.0.0.1:9")))));
        controller = TestControllers.controller(group, provider, new RecordingBalancer(), store, false, registry, BUDGET_100);
        controller.tick(clock.instant());
        StatusDocuments documents = new StatusDocuments(controller::snapshot, controller.cost(), store,
                PolicySettings.GUIDE_DEFAULTS, BUDGET_100, clock);
        server = new AdminServer("127.0.0.1", 0, TOKEN, documents, controller::submit, registry).start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Override
    public void close() {
        server.close();
        store.close();
        primary.close();
    }
}
