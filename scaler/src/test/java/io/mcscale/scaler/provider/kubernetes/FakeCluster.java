package io.mcscale.scaler.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.mcscale.scaler.collect.FakePlatformServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's mock API server in CRUD mode, plus what a cluster adds that it lacks: the {@code scale} subresource of one
 * Deployment, and a ReplicaSet controller that the test runs with {@link #reconcile()}. Each pod it creates is a real
 * loopback {@link FakePlatformServer}: IP 127.0.0.1, container port {@code http} on that server's port, so metrics and
 * drains are real HTTP. It removes pods the way a ReplicaSet ranks them (not Ready first, then the lowest
 * {@code controller.kubernetes.io/pod-deletion-cost}, then the newest), and records every scale write.
 */
public final class FakeCluster implements AutoCloseable {
    public static final String NAMESPACE = "mcscale";
    public static final String DEPLOYMENT = "platform";
    static final String SELECTOR = "app=mcscale-platform";

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    private final KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
            new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    private final KubernetesClient client;
    private final AtomicInteger replicas = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    /** The replicas of every scale write, in order. */
    public final List<Integer> scaleWrites = new CopyOnWriteArrayList<>();
    /** Pods in the order the fake ReplicaSet removed them, each with its annotations at that moment. */
    public final List<Pod> removed = new CopyOnWriteArrayList<>();
    /** Every platform server a pod got, by pod name. */
    public final Map<String, FakePlatformServer> platforms = new java.util.concurrent.ConcurrentHashMap<>();
    /** What every pod's platform answers on /api/metrics; see {@link #metrics(String)}. */
    private volatile String metricsBody = FakePlatformServer.metricsJson(1, 10, 0, 100);
    /** While false, new pods stay not Ready (a platform that never starts). */
    volatile boolean podsBecomeReady = true;

    private final boolean statefulSet;

    /** A Deployment named {@value #DEPLOYMENT} with {@code initialReplicas} Ready pods. */
    public FakeCluster(int initialReplicas) {
        this(initialReplicas, false);
    }

    /**
     * @param statefulSet a StatefulSet named {@value #DEPLOYMENT} instead: pods {@code platform-0, platform-1, ...},
     *                    created in order and removed from the highest ordinal down, whatever their deletion cost
     */
    public FakeCluster(int initialReplicas, boolean statefulSet) {
        this.statefulSet = statefulSet;
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        String path = "/apis/apps/v1/namespaces/" + NAMESPACE + (statefulSet ? "/statefulsets/" : "/deployments/") + DEPLOYMENT + "/scale";
        server.expect().get().withPath(path).andReply(200, request -> Serialization.asJson(scale())).always();
        server.expect().put().withPath(path).andReply(200, request -> {
            Scale wanted = Serialization.unmarshal(request.getBody().readUtf8(), Scale.class);
            int count = wanted.getSpec().getReplicas();
            scaleWrites.add(count);
            replicas.set(count);
            return Serialization.asJson(scale());
        }).always();
        replicas.set(initialReplicas);
        reconcile();
    }

    /** A fresh client of this cluster, as the scaler would have. */
    public KubernetesClient client() {
        return server.createClient();
    }

    /** Sets what every platform answers on /api/metrics, now and in pods created later. */
    public void metrics(String body) {
        metricsBody = body;
        platforms.values().forEach(p -> p.metricsBody = body);
    }

    public int replicas() {
        return replicas.get();
    }

    public List<Pod> pods() {
        return client.pods().inNamespace(NAMESPACE).withLabelSelector(SELECTOR).list().getItems();
    }

    /** One pass of the ReplicaSet controller: create or remove pods until they match the replicas; mark pods Ready. */
    public synchronized void reconcile() {
        List<Pod> pods = new ArrayList<>(pods());
        while (pods.size() < replicas.get()) {
            pods.add(createPod(pods.size()));
        }
        while (pods.size() > replicas.get()) {
            Pod victim = pods.stream().min(statefulSet ? highestOrdinalFirst() : removalOrder()).orElseThrow();
            client.pods().inNamespace(NAMESPACE).withName(victim.getMetadata().getName()).delete();
            removed.add(victim);
            pods.remove(victim);
        }
        if (podsBecomeReady) {
            for (Pod pod : pods) {
                if (!isReady(pod)) {
                    client.pods().inNamespace(NAMESPACE).resource(new PodBuilder(pod).editStatus().withConditions(
                            new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("Ready").withStatus("True").build())
                            .endStatus().build()).update();
                }
            }
        }
    }

    /** @param ordinal a StatefulSet's next ordinal: its pods are always 0 to n-1 */
    private Pod createPod(int ordinal) {
        int n = created.incrementAndGet();
        FakePlatformServer platform;
        try {
            platform = new FakePlatformServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        platform.metricsBody = metricsBody;
        String name = statefulSet ? DEPLOYMENT + "-" + ordinal : DEPLOYMENT + "-5d8f7c-" + String.format("%05d", n);
        platforms.put(name, platform);
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels("app", "mcscale-platform")
                .withCreationTimestamp(Instant.parse("2026-11-30T12:00:00Z").plusSeconds(n).toString()).endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("platform").withImage("mcscale:test")
                .addNewPort().withName("http").withContainerPort(platform.backend().port()).endPort().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addNewContainerStatus().withName("platform").withReady(false).withNewState().withNewWaiting()
                .withReason("ContainerCreating").endWaiting().endState().endContainerStatus().endStatus()
                .build();
        return client.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    /** The ReplicaSet's ranking, as far as these pods differ: not Ready first, then the lowest deletion cost, then the newest. */
    private static Comparator<Pod> removalOrder() {
        return Comparator.comparing(FakeCluster::isReady)
                .thenComparingInt(FakeCluster::deletionCost)
                .thenComparing((Pod p) -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder());
    }

    private static Comparator<Pod> highestOrdinalFirst() {
        return Comparator.comparingInt((Pod p) -> {
            String name = p.getMetadata().getName();
            return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
        }).reversed();
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String cost = annotations == null ? null : annotations.get(PodView.DELETION_COST);
        return cost == null ? 0 : Integer.parseInt(cost);
    }

    private Scale scale() {
        return new ScaleBuilder()
                .withNewMetadata().withName(DEPLOYMENT).withNamespace(NAMESPACE).withResourceVersion("1").endMetadata()
                .withNewSpec().withReplicas(replicas.get()).endSpec()
                .withNewStatus().withReplicas(replicas.get()).withSelector(SELECTOR).endStatus()
                .build();
    }

    @Override
    public void close() {
        platforms.values().forEach(FakePlatformServer::close);
        client.close();
        server.destroy();
    }
}
