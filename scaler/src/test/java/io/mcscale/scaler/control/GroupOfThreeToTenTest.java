package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.scaler.balancer.NoBalancer;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.KubernetesSettings.Workload;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.kubernetes.FakeCluster;
import io.mcscale.scaler.provider.kubernetes.KubernetesProvider;
import io.mcscale.scaler.provider.kubernetes.PodView;
import io.mcscale.scaler.provider.paperspace.PaperspaceClient;
import io.mcscale.scaler.provider.paperspace.PaperspaceProvider;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.MutableClock;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's Phase 2 groups of 3-10 instances (MIN_INSTANCES=3, a primary and nine secondaries), through the
 * daemon's own control loop on both providers: the two base secondaries start at once, load scales the group one
 * at a time to ten and no further, and when it goes the group shrinks back to three, the newest first, each
 * secondary drained before it stops. Each tick is one 30 s poll on a hand-moved clock; cooldown and scale-down
 * delay are short so that the whole round trip takes seconds.
 */
class GroupOfThreeToTenTest {
    private static final int GROUP = 10;
    private static final int MIN = 3;
    private static final String HIGH = AutoscalerControllerTest.metrics(1, 85, 6, 100, 2);
    private static final String LOW = AutoscalerControllerTest.metrics(0, 5, 0, 50, 0);
    private static final PolicySettings POLICY = PolicySettings.GUIDE_DEFAULTS.withMaxInstances(GROUP)
            .withTimings(Duration.ofSeconds(30), Duration.ofSeconds(60));

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-30T09:00:00Z");

    private static List<String> ids(String prefix) {
        return IntStream.rangeClosed(1, GROUP).mapToObj(i -> prefix + i).toList();
    }

    private AutoscalerController controller(InstanceGroup group, MachineProvider provider, EventStore store) {
        return AutoscalerController.create(group, new GroupPolicy(POLICY, 3), provider, new NoBalancer(),
                new PlatformClient(Duration.ofSeconds(5), "platform-token"), store, TestControllers.TIMINGS, false,
                new ControlMetrics(new PrometheusRegistry()), TestControllers.NO_BUDGET, TestControllers.NOT_ON_THE_PRIMARY);
    }

    /** Ticks (each after {@code between}) until {@code done}, at most {@code maxTicks}; returns how many it took. */
    private int tickUntil(AutoscalerController controller, Runnable between, BooleanSupplier done, int maxTicks) {
        for (int tick = 1; tick <= maxTicks; tick++) {
            clock.advanceSeconds(30);
            between.run();
            controller.tick(clock.instant());
            if (done.getAsBoolean()) {
                return tick;
            }
        }
        throw new AssertionError("not done after " + maxTicks + " ticks: " + controller.snapshot().machines());
    }

    private static long serving(AutoscalerController controller) {
        return controller.snapshot().machines().stream().filter(m -> m.phase().equals("serving")).count();
    }

    @Test
    void aDeploymentOfPodsScalesFromThreeToTenAndBackToThreeDrainingAndAnnotatingEachPodFirst() throws Exception {
        List<String> ids = ids("platform-");
        try (FakeCluster cluster = new FakeCluster(1); KubernetesClient client = cluster.client();
                EventStore store = EventStore.open(dir.resolve("events.db"))) {
            KubernetesProvider provider = new KubernetesProvider(client, FakeCluster.NAMESPACE,
                    new Workload(Workload.Kind.DEPLOYMENT, FakeCluster.DEPLOYMENT), ids, 8000,
                    new PlatformClient(Duration.ofSeconds(5), "platform-token"), clock, d -> { }, Duration.ofSeconds(1));
            InstanceGroup group = new InstanceGroup(InstanceSpec.of(ids.get(0)),
                    ids.subList(1, GROUP).stream().map(InstanceSpec::of).toList(), MIN);
            AutoscalerController controller = controller(group, provider, store);

            cluster.metrics(HIGH);
            tickUntil(controller, cluster::reconcile, () -> serving(controller) == GROUP, 80);
            tickUntil(controller, cluster::reconcile, () -> store.recentDecisions(1).get(0).reasons().contains("at max 10 instances"), 5);
            assertThat(cluster.replicas()).isEqualTo(GROUP);
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getAnnotations().get(PodView.SLOT_ANNOTATION))
                    .containsExactlyInAnyOrderElementsOf(ids);
            List<String> basePods = ids.subList(0, MIN).stream().map(id -> podOf(cluster, id)).toList();
            assertThat(store.recentActions(100)).filteredOn(a -> a.kind() == ActionKind.START_BASE)
                    .extracting(ActionRecord::machineId).containsExactlyInAnyOrder("platform-2", "platform-3");

            cluster.metrics(LOW);
            tickUntil(controller, cluster::reconcile, () -> cluster.pods().size() == MIN && serving(controller) == MIN, 200);
            tickUntil(controller, cluster::reconcile, () -> store.recentDecisions(1).get(0).reasons().contains("no secondary is serving yet"), 5);

            List<Integer> upAndDown = new ArrayList<>();
            IntStream.rangeClosed(2, GROUP).forEach(upAndDown::add);
            IntStream.iterate(GROUP - 1, n -> n >= MIN, n -> n - 1).forEach(upAndDown::add);
            assertThat(cluster.scaleWrites).isEqualTo(upAndDown);
            // The newest first, each drained and given the lowest deletion cost before the ReplicaSet removed it.
            assertThat(cluster.removed).extracting(p -> p.getMetadata().getAnnotations().get(PodView.SLOT_ANNOTATION))
                    .containsExactlyElementsOf(newestFirst(ids.subList(MIN, GROUP)));
            for (Pod removed : cluster.removed) {
                assertThat(removed.getMetadata().getAnnotations()).containsEntry(PodView.DELETION_COST, Integer.toString(Integer.MIN_VALUE));
                assertThat(cluster.platforms.get(removed.getMetadata().getName()).adminCalls)
                        .contains("/api/admin/drain Bearer platform-token");
            }
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(basePods);
            assertThat(basePods).allSatisfy(pod -> assertThat(cluster.platforms.get(pod).adminCalls).isEmpty());
        }
    }

    @Test
    void aPoolOfPaperspaceMachinesScalesFromThreeToTenAndBackToThreeDrainingEachMachineFirst() throws Exception {
        List<String> ids = ids("ps-");
        Map<String, FakePlatformServer> platforms = new HashMap<>();
        try (FakePaperspaceApi api = FakePaperspaceApi.start("psk-test-key", clock);
                EventStore store = EventStore.open(dir.resolve("events.db"))) {
            api.setTransitionDelays(Duration.ofSeconds(30), Duration.ofSeconds(30));
            List<InstanceSpec> specs = new ArrayList<>();
            for (String id : ids) {
                api.addMachine(id, id.equals("ps-1") ? "ready" : "off");
                FakePlatformServer platform = new FakePlatformServer();
                platform.metricsBody = HIGH;
                platforms.put(id, platform);
                specs.add(new InstanceSpec(id, Optional.of(URI.create("http://" + platform.backend()))));
            }
            Map<String, io.mcscale.core.model.Backend> addresses = new HashMap<>();
            specs.forEach(spec -> addresses.put(spec.machineId(), spec.backend().orElseThrow()));
            PaperspaceProvider provider = new PaperspaceProvider(new PaperspaceClient(URI.create(api.baseUrl()), "psk-test-key"),
                    addresses, 8000, clock, d -> { }, Duration.ofSeconds(5));
            AutoscalerController controller = controller(new InstanceGroup(specs.get(0), specs.subList(1, GROUP), MIN), provider, store);
            Runnable nothing = () -> { };

            tickUntil(controller, nothing, () -> serving(controller) == GROUP, 80);
            tickUntil(controller, nothing, () -> store.recentDecisions(1).get(0).reasons().contains("at max 10 instances"), 5);
            assertThat(ids).allSatisfy(id -> assertThat(api.state(id)).isEqualTo("ready"));
            assertThat(store.recentActions(100)).filteredOn(a -> a.kind() == ActionKind.START_BASE)
                    .extracting(ActionRecord::machineId).containsExactlyInAnyOrder("ps-2", "ps-3");

            platforms.values().forEach(p -> p.metricsBody = LOW);
            tickUntil(controller, nothing, () -> ids.stream().skip(MIN).allMatch(id -> api.state(id).equals("off")), 250);
            tickUntil(controller, nothing, () -> store.recentDecisions(1).get(0).reasons().contains("no secondary is serving yet"), 5);

            assertThat(api.requests()).filteredOn(r -> r.method().equals("PATCH") && r.path().endsWith("/stop"))
                    .extracting(r -> r.path().split("/")[2]).containsExactlyElementsOf(newestFirst(ids.subList(MIN, GROUP)));
            for (String id : ids.subList(MIN, GROUP)) {
                assertThat(api.appliedActions(id, "start")).as(id).isEqualTo(1);
                assertThat(api.appliedActions(id, "stop")).as(id).isEqualTo(1);
                assertThat(platforms.get(id).adminCalls).as(id).containsExactly("/api/admin/drain Bearer platform-token");
            }
            for (String id : ids.subList(0, MIN)) {
                assertThat(api.state(id)).as(id).isEqualTo("ready");
                assertThat(platforms.get(id).adminCalls).as(id).isEmpty();
            }
            assertThat(api.appliedActions("ps-2", "start")).as("a base secondary is started by the loop, once").isEqualTo(1);
        } finally {
            platforms.values().forEach(FakePlatformServer::close);
        }
    }

    private static List<String> newestFirst(List<String> secondaries) {
        List<String> reversed = new ArrayList<>(secondaries);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private static String podOf(FakeCluster cluster, String machineId) {
        return cluster.pods().stream().filter(p -> machineId.equals(p.getMetadata().getAnnotations().get(PodView.SLOT_ANNOTATION)))
                .map(p -> p.getMetadata().getName()).findFirst().orElseThrow();
    }
}
