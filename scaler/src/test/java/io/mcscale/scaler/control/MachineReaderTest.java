package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.policy.MachineRole;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.store.EventStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineReaderTest {
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldAskEveryPlatformAtOnceSoAStalledOneCostsTheOthersNothing() throws Exception {
        // Each platform answers its metrics only once the other has been asked too. Read one after the other, the
        // first would wait past the client's 3 s deadline and come back failed; read at once, both answer.
        CyclicBarrier bothAsked = new CyclicBarrier(2);
        try (FakePlatformServer primary = new FakePlatformServer(); FakePlatformServer secondary = new FakePlatformServer();
                EventStore store = EventStore.open(dir.resolve("events.db"))) {
            primary.metricsBarrier = bothAsked;
            secondary.metricsBarrier = bothAsked;
            ManagedMachine first = serving("ps-1", MachineRole.PRIMARY, primary);
            ManagedMachine second = serving("ps-2", MachineRole.SECONDARY, secondary);
            MachineReader reader = new MachineReader(new PlatformClient(Duration.ofSeconds(3), "token"),
                    new ControlRecorder(store, new ControlMetrics(new PrometheusRegistry())), 3);

            reader.collectAll(List.of(first, second), true, NOW);

            assertThat(first.lastSample).as(first.lastFailure).isPresent();
            assertThat(second.lastSample).as(second.lastFailure).isPresent();
            assertThat(MachineReader.reading(List.of(first, second), false).isComplete()).isTrue();
        }
    }

    @Test
    void shouldCountAStalledPlatformAsAFailedReadAndKeepTheOthersReading() throws Exception {
        try (FakePlatformServer primary = new FakePlatformServer(); FakePlatformServer stuck = new FakePlatformServer();
                EventStore store = EventStore.open(dir.resolve("events.db"))) {
            stuck.hangMetrics = true;
            ManagedMachine first = serving("ps-1", MachineRole.PRIMARY, primary);
            ManagedMachine second = serving("ps-2", MachineRole.SECONDARY, stuck);
            MachineReader reader = new MachineReader(new PlatformClient(Duration.ofMillis(500), "token"),
                    new ControlRecorder(store, new ControlMetrics(new PrometheusRegistry())), 3);

            reader.collectAll(List.of(first, second), true, NOW);

            assertThat(first.lastSample).isPresent();
            assertThat(second.lastSample).isEmpty();
            assertThat(second.metricsFailures).isEqualTo(1);
            assertThat(MachineReader.reading(List.of(first, second), false).failures()).singleElement()
                    .satisfies(failure -> assertThat(failure).startsWith("ps-2: "));
        }
    }

    private static ManagedMachine serving(String id, MachineRole role, FakePlatformServer platform) {
        ManagedMachine m = new ManagedMachine(new InstanceSpec(id, Optional.of(URI.create("http://" + platform.backend()))), role);
        m.life = MachineLifecycle.Life.INITIAL.enter(MachinePhase.SERVING, NOW);
        return m;
    }
}
