package io.mcscale.cli;

import io.mcscale.core.policy.PolicySettings;
import io.mcscale.scaler.admin.AdminServer;
import io.mcscale.scaler.admin.StatusDocuments;
import io.mcscale.core.cost.MonthCost;
import io.mcscale.scaler.config.CostSettings;
import io.mcscale.scaler.control.GroupCost;
import io.mcscale.scaler.control.MonthCostReader;
import io.mcscale.scaler.control.ControllerSnapshot;
import io.mcscale.scaler.control.ManualRequest;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.MutableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real admin server on loopback with a real event store, standing in for a running daemon: its snapshot is fixed
 * (one serving primary, one secondary off) and the requests it is sent are recorded. {@link #config()} is the
 * {@code .env.autoscaler} that points {@code mcscale status|events} at it.
 */
final class AdminServerOnLoopback implements AutoCloseable {
    static final ControllerSnapshot SNAPSHOT = new ControllerSnapshot(java.time.Instant.parse("2026-03-17T15:00:00Z"), "normal",
            false, List.of(
                    new ControllerSnapshot.MachineStatus("ps-1", "primary", "ready", "serving", "127.0.0.1:8001", "ok", true, 0, 2),
                    new ControllerSnapshot.MachineStatus("ps-2", "secondary", "off", "off", "127.0.0.1:8002", "off", false, 0, null)),
            Map.of("active_users", 3, "cpu_usage", 41.5), List.of(), "none", List.of("0 of 2 votes"),
            java.time.Instant.parse("2026-03-17T15:00:00Z"), 0, List.of("127.0.0.1:8001"));

    final MutableClock clock = MutableClock.startingAt("2026-03-17T15:00:00Z");
    final EventStore store;
    final List<ManualRequest> requests = new CopyOnWriteArrayList<>();
    private final AdminServer server;
    private final Path config;

    AdminServerOnLoopback(Path dir) throws IOException {
        store = EventStore.open(dir.resolve("events.db"));
        StatusDocuments documents = new StatusDocuments(() -> SNAPSHOT, monthFromStore(), store, PolicySettings.GUIDE_DEFAULTS,
                new CostSettings(OptionalDouble.empty(), 0.51, 5), clock);
        server = new AdminServer("127.0.0.1", 0, "cli-test-token", documents, requests::add, new PrometheusRegistry()).start();
        config = dir.resolve(".env.autoscaler");
        Files.writeString(config, String.join("\n",
                "PROVIDER=local",
                "PRIMARY_MACHINE_ID=ps-1",
                "SECONDARY_MACHINE_ID=ps-2",
                "PRIMARY_URL=http://127.0.0.1:8001",
                "SECONDARY_URL=http://127.0.0.1:8002",
                "LOCAL_PLATFORM_COMMAND=true",
                "DATA_DIR=" + dir.resolve("data"),
                "LOAD_BALANCER=none",
                "ADMIN_LISTEN=127.0.0.1:" + server.port(),
                "") + "\n");
    }

    /** As the control loop's cost publisher would give it: ps-1 runs at 0.51 USD/h, ps-2 is off. */
    private GroupCost monthFromStore() {
        return new GroupCost() {
            @Override
            public double currentRateUsdPerHour() {
                return 0.51;
            }

            @Override
            public Optional<MonthCost> month() {
                return Optional.of(MonthCostReader.read(store, MonthCostReader.monthOf(clock.instant()), clock.instant(),
                        List.of("ps-1", "ps-2"), id -> 0.51, id -> id.equals("ps-1"), 5));
            }
        };
    }

    Path config() {
        return config;
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
