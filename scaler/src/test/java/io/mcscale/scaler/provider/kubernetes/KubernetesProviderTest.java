package io.mcscale.scaler.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mcscale.core.model.Backend;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.collect.MetricsRead;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.KubernetesSettings;
import io.mcscale.scaler.config.KubernetesSettings.Workload;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.testkit.FreePorts;
import io.mcscale.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesProviderTest {
    private static final List<String> GROUP = List.of("k-0", "k-1", "k-2");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final MutableClock clock = MutableClock.startingAt("2026-11-30T12:00:00Z");
    private final PlatformClient platforms = new PlatformClient(Duration.ofSeconds(5), "admin-token-1234");
    private FakeCluster cluster;
    private KubernetesClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private KubernetesProvider provider(int initialReplicas) {
        cluster = new FakeCluster(initialReplicas);
        client = cluster.client();
        // Each wait of the provider lets the cluster's ReplicaSet controller take one step: no real time passes.
        return new KubernetesProvider(client, FakeCluster.NAMESPACE, new Workload(Workload.Kind.DEPLOYMENT, FakeCluster.DEPLOYMENT),
                GROUP, 8000, platforms, clock, duration -> {
                    clock.advance(duration);
                    cluster.reconcile();
                }, Duration.ofSeconds(1));
    }

    @Test
    void scalesADeploymentFromOneToThreeAndBackDrainingAndAnnotatingEachPodBeforeItIsRemoved() throws Exception {
        KubernetesProvider provider = provider(1);
        assertThat(provider.describe("k-0").state()).isEqualTo(MachineState.READY);
        assertThat(provider.describe("k-1").state()).isEqualTo(MachineState.OFF);

        MachineInfo second = provider.start("k-1", WAIT);
        MachineInfo third = provider.start("k-2", WAIT);

        assertThat(List.of(second.state(), third.state())).containsOnly(MachineState.READY);
        assertThat(cluster.scaleWrites).containsExactly(2, 3);
        assertThat(cluster.pods()).hasSize(3);
        // Metrics come from each pod, at its IP and its container port named http: a real HTTP read.
        for (String id : GROUP) {
            Backend address = Backend.parse(provider.describe(id).platformAddress().orElseThrow());
            assertThat(platforms.metrics(address)).isInstanceOf(MetricsRead.Ok.class);
        }
        String podOfSecond = podOf("k-1");
        String podOfThird = podOf("k-2");

        // The middle one first: without its deletion cost, the ReplicaSet would remove the newest pod instead.
        assertThat(provider.stop("k-1", WAIT).state()).isEqualTo(MachineState.OFF);
        assertThat(provider.stop("k-2", WAIT).state()).isEqualTo(MachineState.OFF);

        assertThat(cluster.scaleWrites).containsExactly(2, 3, 2, 1);
        assertThat(cluster.removed).extracting(p -> p.getMetadata().getName()).containsExactly(podOfSecond, podOfThird);
        for (Pod removed : cluster.removed) {
            assertThat(removed.getMetadata().getAnnotations()).containsEntry(PodView.DELETION_COST, Integer.toString(Integer.MIN_VALUE));
            assertThat(cluster.platforms.get(removed.getMetadata().getName()).adminCalls)
                    .containsExactly("/api/admin/drain Bearer admin-token-1234");
        }
        assertThat(provider.describe("k-0").state()).isEqualTo(MachineState.READY);
        String first = cluster.pods().get(0).getMetadata().getName();
        assertThat(cluster.platforms.get(first).adminCalls).isEmpty();
        assertThat(cluster.replicas()).isEqualTo(1);
    }

    @Test
    void scalesAStatefulSetByItsOrdinalsAndStopsOnlyTheHighest() throws Exception {
        cluster = new FakeCluster(1, true);
        client = cluster.client();
        var provider = new KubernetesProvider(client, FakeCluster.NAMESPACE, new Workload(Workload.Kind.STATEFULSET, FakeCluster.DEPLOYMENT),
                GROUP, 8000, platforms, clock, duration -> {
                    clock.advance(duration);
                    cluster.reconcile();
                }, Duration.ofSeconds(1));

        provider.start("k-1", WAIT);
        provider.start("k-2", WAIT);
        assertThat(provider.describe("k-2").name()).isEqualTo("pod platform-2");
        assertThatThrownBy(() -> provider.stop("k-1", WAIT))
                .hasMessageContaining("a StatefulSet removes its highest ordinal first (platform-2)");
        assertThat(cluster.platforms.get("platform-1").adminCalls).as("refused before its drain").isEmpty();

        provider.stop("k-2", WAIT);
        provider.stop("k-1", WAIT);

        assertThat(cluster.scaleWrites).containsExactly(2, 3, 2, 1);
        assertThat(cluster.removed).extracting(p -> p.getMetadata().getName()).containsExactly("platform-2", "platform-1");
        assertThat(cluster.platforms.get("platform-2").adminCalls).containsExactly("/api/admin/drain Bearer admin-token-1234");
        assertThat(provider.describe("k-0").state()).isEqualTo(MachineState.READY);
        assertThatThrownBy(() -> provider.start("k-2", Duration.ZERO))
                .hasMessageContaining("a StatefulSet starts its pods in order, so start k-1 first");
    }

    @Test
    void startAndStopAreIdempotent() throws Exception {
        KubernetesProvider provider = provider(1);
        provider.start("k-1", WAIT);
        provider.start("k-1", WAIT);
        provider.start("k-0", Duration.ZERO);
        provider.stop("k-2", WAIT);

        assertThat(cluster.scaleWrites).containsExactly(2);
    }

    @Test
    void aPodThatNeverGetsReadyIsReportedNotForgotten() throws Exception {
        KubernetesProvider provider = provider(1);
        cluster.podsBecomeReady = false;

        assertThatThrownBy(() -> provider.start("k-1", Duration.ofSeconds(10)))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("machine k-1 was not ready within 10 s")
                .hasMessageContaining("platform waiting: ContainerCreating");
        MachineInfo stuck = provider.describe("k-1");
        assertThat(stuck.state()).isEqualTo(MachineState.STARTING);
        assertThat(stuck.name()).startsWith("pod platform-").endsWith(" (platform waiting: ContainerCreating)");

        // Stopping it removes that very pod, and the ready primary stays.
        provider.stop("k-1", WAIT);
        assertThat(cluster.removed).extracting(p -> "pod " + p.getMetadata().getName() + " (platform waiting: ContainerCreating)")
                .containsExactly(stuck.name());
        assertThat(provider.describe("k-0").state()).isEqualTo(MachineState.READY);
    }

    @Test
    void aReadyPodIsNotRemovedWhileTheReplicaSetWouldRemoveAStartingOneInstead() throws Exception {
        KubernetesProvider provider = provider(2);
        cluster.podsBecomeReady = false;
        provider.start("k-2", Duration.ZERO);
        cluster.reconcile();

        assertThatThrownBy(() -> provider.stop("k-1", Duration.ZERO))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("the ReplicaSet would remove pod " + podOf("k-2") + " instead")
                .matches(e -> ((ProviderException) e).isRetryable());
        assertThat(cluster.scaleWrites).containsExactly(3);
        assertThat(cluster.platforms.get(podOf("k-1")).adminCalls).isEmpty();
    }

    @Test
    void aClusterThatCannotBeReachedIsOneClearRetryableError() {
        var settings = new KubernetesSettings(Optional.of(Workload.parse("deployment/platform")), Optional.of("mcscale"),
                Optional.of(URI.create("http://127.0.0.1:" + FreePorts.next())));
        try (KubernetesClient away = KubernetesProviders.client(settings)) {
            var provider = new KubernetesProvider(away, "mcscale", Workload.parse("deployment/platform"), GROUP, 8000, platforms,
                    clock, duration -> { }, Duration.ofSeconds(1));

            assertThatThrownBy(() -> provider.describe("k-0"))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("cannot reach the Kubernetes API at http://127.0.0.1:")
                    .hasMessageContaining("read the scale of deployment/platform in namespace mcscale")
                    .hasMessageNotContaining("\n")
                    .matches(e -> ((ProviderException) e).isRetryable());
        }
    }

    @Test
    void anUnknownMachineIdNamesTheGroup() {
        KubernetesProvider provider = provider(1);
        assertThatThrownBy(() -> provider.describe("k-9"))
                .hasMessage("unknown machine id 'k-9': the group's machines are k-0, k-1, k-2");
    }

    private String podOf(String machineId) {
        return cluster.pods().stream()
                .filter(p -> machineId.equals(p.getMetadata().getAnnotations().get(PodView.SLOT_ANNOTATION)))
                .map(p -> p.getMetadata().getName()).findFirst().orElseThrow();
    }

    static FakePlatformServer platformOf(FakeCluster cluster, String podName) {
        return cluster.platforms.get(podName);
    }
}
