package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.placement.RegionPreference;
import io.mcscale.core.placement.RegionWeights;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.provider.paperspace.PaperspaceClient;
import io.mcscale.scaler.provider.paperspace.PaperspaceProvider;
import io.mcscale.scaler.provider.paperspace.RetryPolicy;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.MutableClock;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import io.mcscale.testkit.paperspace.FakePaperspaceApi.Fault;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-ups across regions through the real controller, the real Paperspace provider and client, the fake v1 API on
 * loopback and the platforms as loopback servers; time moves by hand, 30 s per tick. The primary and {@code ps-east}
 * are in ny2, {@code ps-west} in West Coast (CA1); REGION_PREFERENCE is {@code ny2,ca1}.
 */
class RegionPlacementControllerTest {
    private static final String KEY = "pskey-regions-0123456789";
    private static final String WEST = "West Coast (CA1)";
    private static final String HIGH = AutoscalerControllerTest.metrics(7, 80, 0, 100, 0);
    private static final String LOW = AutoscalerControllerTest.metrics(1, 10, 0, 100, 0);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    private FakePaperspaceApi api;
    private FakePlatformServer primary;
    private FakePlatformServer east;
    private FakePlatformServer west;
    private EventStore store;
    private AutoscalerController controller;
    private RecordingBalancer balancer;

    @BeforeEach
    void start() throws Exception {
        api = FakePaperspaceApi.start(KEY, clock);
        api.setTransitionDelays(Duration.ofSeconds(45), Duration.ofSeconds(60));
        api.addMachine("ps-1", "ready").addMachine("ps-east", "off").addMachine("ps-west", "off").setRegion("ps-west", WEST);
        primary = new FakePlatformServer();
        east = new FakePlatformServer();
        west = new FakePlatformServer();
        store = EventStore.open(dir.resolve("events.db"));
        var client = new PaperspaceClient(URI.create(api.baseUrl()), KEY, Duration.ofSeconds(2), Duration.ofSeconds(5),
                new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)),
                delay -> { }, new SplittableRandom(7));
        var provider = new PaperspaceProvider(client, Map.of(), 8000, clock, delay -> { }, Duration.ofSeconds(5));
        balancer = new RecordingBalancer();
        InstanceGroup group = new InstanceGroup(spec("ps-1", primary), List.of(spec("ps-east", east), spec("ps-west", west)));
        MachineTimings timings = new MachineTimings(Duration.ofSeconds(600), Duration.ofSeconds(600), Duration.ofSeconds(1800),
                Duration.ofSeconds(30), Duration.ofSeconds(120));
        controller = AutoscalerController.create(group, new GroupPolicy(PolicySettings.GUIDE_DEFAULTS.withMaxInstances(3), 3), provider,
                balancer, new PlatformClient(Duration.ofSeconds(10), "platform-token"), store, timings, false,
                new ControlMetrics(new PrometheusRegistry()), TestControllers.NO_BUDGET, TestControllers.NOT_ON_THE_PRIMARY);
        controller.regions(RegionPreference.parse("ny2,ca1"), RegionWeights.NONE);
        primary.metricsBody = HIGH;
        east.metricsBody = HIGH;
        west.metricsBody = HIGH;
    }

    @AfterEach
    void stop() {
        primary.close();
        east.close();
        west.close();
        store.close();
        api.close();
    }

    private static InstanceSpec spec(String id, FakePlatformServer server) {
        return new InstanceSpec(id, Optional.of(URI.create("http://" + server.backend())));
    }

    private void tick() {
        controller.tick(clock.instant());
        clock.advanceSeconds(30);
    }

    private List<String> actions() {
        return store.recentActions(100).stream().sorted(Comparator.comparingLong(ActionRecord::id))
                .map(a -> a.kind().word() + " " + a.machineId() + " " + a.result().map(ActionResult::word).orElse("open"))
                .toList();
    }

    private Optional<ActionRecord> action(ActionKind kind, String machineId) {
        return store.recentActions(100).stream().filter(a -> a.kind() == kind && a.machineId().equals(machineId)).findFirst();
    }

    private void tickUntilServing(String machineId) {
        for (int i = 0; i < 10 && !phase(machineId).equals("serving"); i++) {
            tick();
        }
        assertThat(phase(machineId)).isEqualTo("serving");
    }

    private String phase(String machineId) {
        return controller.snapshot().machines().stream().filter(m -> m.id().equals(machineId)).findFirst().orElseThrow().phase();
    }

    @Test
    void withCapacityInThePreferredRegionTheScaleUpStartsThereAfterAskingForAvailability() {
        tick();
        tickUntilServing("ps-east");

        assertThat(api.appliedActions("ps-east", "start")).isEqualTo(1);
        assertThat(api.appliedActions("ps-west", "start")).isZero();
        assertThat(api.requests()).anySatisfy(r -> assertThat(r.query()).isEqualTo("machineType=P4000&region=ny2"));
        assertThat(actions()).containsSubsequence("capacity_check ps-east ok", "scale_up ps-east ok");
    }

    @Test
    void whenThePreferredRegionIsUnavailableTheScaleUpLandsInTheSecondRegionAndEachAttemptIsRecorded() {
        api.setAvailable("P4000", "ny2", false);

        tick();
        tickUntilServing("ps-west");

        assertThat(api.appliedActions("ps-east", "start")).isZero();
        assertThat(api.appliedActions("ps-west", "start")).isEqualTo(1);
        assertThat(actions()).containsSubsequence("capacity_check ps-east failed", "capacity_check ps-west ok", "scale_up ps-west ok");
        assertThat(action(ActionKind.CAPACITY_CHECK, "ps-east").orElseThrow().detail()).hasValueSatisfying(
                d -> assertThat(d).contains("P4000 in ny2", "unavailable"));
    }

    @Test
    void aStartRefusedForCapacityMovesOnAtOnceWithoutWaitingForTheCooldown() {
        api.refuseStartsForCapacity("ny2", "Out of capacity for P4000 in ny2");

        tick();
        assertThat(api.appliedActions("ps-west", "start")).as("moved on in the same tick").isEqualTo(1);
        tickUntilServing("ps-west");

        assertThat(actions()).containsSubsequence("scale_up ps-east failed", "placement ps-east failed", "scale_up ps-west ok");
        assertThat(action(ActionKind.SCALE_UP, "ps-east").orElseThrow().detail()).hasValueSatisfying(
                d -> assertThat(d).contains("Out of capacity for P4000 in ny2"));
        assertThat(action(ActionKind.PLACEMENT, "ps-east").orElseThrow().detail()).hasValueSatisfying(
                d -> assertThat(d).contains("capacity_error", "trying the next candidate"));
    }

    @Test
    void aStartWhoseEventEndsInACapacityErrorMovesOnWithPaperspacesReason() {
        api.failNextStart("ps-east", "insufficient capacity");

        tick();
        for (int i = 0; i < 4 && api.appliedActions("ps-west", "start") == 0; i++) {
            tick();
        }
        tickUntilServing("ps-west");

        assertThat(action(ActionKind.PLACEMENT, "ps-east").orElseThrow().detail()).hasValueSatisfying(
                d -> assertThat(d).contains("capacity_error", "insufficient capacity"));
    }

    @Test
    void aMachineStuckOffIsLeftAfterTheDeadlineAndIfItComesUpLateItIsAdoptedAndLaterStoppedNotForgotten() {
        api.keepOffAfterStart("ps-east", true);

        tick();
        assertThat(api.appliedActions("ps-east", "start")).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            tick(); // 90 s: still inside START_OFF_TIMEOUT_SECONDS (120)
        }
        assertThat(api.appliedActions("ps-west", "start")).as("waits for a host until the deadline").isZero();
        tick();
        tick();
        assertThat(api.appliedActions("ps-west", "start")).isEqualTo(1);
        assertThat(action(ActionKind.PLACEMENT, "ps-east").orElseThrow().detail()).hasValueSatisfying(
                d -> assertThat(d).contains("stayed_off", "START_OFF_TIMEOUT_SECONDS"));
        tickUntilServing("ps-west");

        // Paperspace found a host after all: the machine we moved on from is now running, and paid for.
        api.setState("ps-east", "ready");
        tick();
        assertThat(action(ActionKind.ADOPT, "ps-east")).isPresent();
        tickUntilServing("ps-east");

        primary.metricsBody = LOW;
        east.metricsBody = AutoscalerControllerTest.metrics(0, 5, 0, 50, 0);
        west.metricsBody = AutoscalerControllerTest.metrics(0, 5, 0, 50, 0);
        for (int i = 0; i < 120 && (api.appliedActions("ps-east", "stop") == 0 || api.appliedActions("ps-west", "stop") == 0); i++) {
            tick();
        }
        assertThat(api.appliedActions("ps-east", "stop")).as("the late machine is stopped, not left running").isEqualTo(1);
        assertThat(api.appliedActions("ps-west", "stop")).isEqualTo(1);
    }

    @Test
    void theRemoteRegionsInstanceIsRoutedWithItsConfiguredWeight() {
        controller.regions(RegionPreference.parse("ny2,ca1"), RegionWeights.parse("ca1=backup"));
        api.refuseStartsForCapacity("ny2", "insufficient capacity");

        tick();
        tickUntilServing("ps-west");
        tick();

        assertThat(balancer.live()).containsExactly(primary.backend(), west.backend());
        assertThat(balancer.weights.get(balancer.weights.size() - 1))
                .containsExactly(Map.entry(west.backend(), ServerWeight.BACKUP));
    }

    @Test
    void withCa1PreferredCa1StartsFirstAndNy2IsDrainedFirstAgainstTheConfiguredOrder() {
        controller.regions(RegionPreference.parse("ca1,ny2"), RegionWeights.NONE);

        tick();
        assertThat(api.appliedActions("ps-west", "start")).isEqualTo(1);
        assertThat(api.appliedActions("ps-east", "start")).isZero();
        tickUntilServing("ps-west");
        for (int i = 0; i < 30 && !phase("ps-east").equals("serving"); i++) {
            tick(); // the cooldown, then the second scale-up
        }
        assertThat(phase("ps-east")).isEqualTo("serving");

        primary.metricsBody = LOW;
        east.metricsBody = AutoscalerControllerTest.metrics(0, 5, 0, 50, 0);
        west.metricsBody = AutoscalerControllerTest.metrics(0, 5, 0, 50, 0);
        for (int i = 0; i < 60 && api.appliedActions("ps-west", "stop") + api.appliedActions("ps-east", "stop") == 0; i++) {
            tick();
        }
        assertThat(api.appliedActions("ps-east", "stop")).as("ny2, the least preferred, goes first").isEqualTo(1);
        assertThat(api.appliedActions("ps-west", "stop")).isZero();
    }

    @Test
    void everyRegionOutOfCapacityIsRecordedAndNothingIsLeftStarting() {
        api.setAvailable("P4000", "ny2", false).setAvailable("P4000", WEST, false);

        tick();

        assertThat(api.appliedActions("ps-east", "start") + api.appliedActions("ps-west", "start")).isZero();
        assertThat(actions()).containsSubsequence("capacity_check ps-east failed", "capacity_check ps-west failed",
                "placement ps-west failed");
        assertThat(action(ActionKind.PLACEMENT, "ps-west").orElseThrow().detail()).hasValueSatisfying(
                d -> assertThat(d).contains("no secondary left to start", "ps-east unavailable", "ps-west unavailable"));
    }

    @Test
    void retriesTheProviderMadeWithinTheScaleUpAreRecordedAsAttempts() {
        api.enqueue("PATCH", "/machines/ps-east/start", Fault.tooManyRequests("0"));
        api.enqueue("GET", "/machine-availability", Fault.status(503, "try again"));

        tick();
        tickUntilServing("ps-east");

        assertThat(store.recentActions(100)).filteredOn(a -> a.kind() == ActionKind.PROVIDER_RETRY)
                .extracting(a -> a.detail().orElseThrow())
                .anySatisfy(d -> assertThat(d).contains("GET /machine-availability", "503", "attempt 1 of 4"))
                .anySatisfy(d -> assertThat(d).contains("PATCH /machines/ps-east/start", "429"));
        assertThat(api.appliedActions("ps-east", "start")).isEqualTo(1);
    }
}
