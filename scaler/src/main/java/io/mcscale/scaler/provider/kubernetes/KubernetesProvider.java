package io.mcscale.scaler.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Scalable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.mcscale.core.model.Backend;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.KubernetesSettings.Workload;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.provider.kubernetes.PodSlots.Layout;
import io.mcscale.scaler.provider.kubernetes.PodSlots.Slot;
import io.mcscale.scaler.provider.paperspace.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PROVIDER=kubernetes}: the group's machines are the pods of one Deployment (or StatefulSet), scaled through
 * its {@code scale} subresource, so the scaler's RBAC needs nothing else of the workload. {@link PodSlots} says
 * which pod stands for which machine id.
 *
 * <p>Start: one more replica, unless the machine id already has a pod (or one on the way); then, when asked to wait,
 * until that pod is Ready. A pod that is not Ready by then is reported with what its containers say, and stays
 * in the group: the control loop's start timeout gives up on it and stops it, which removes that very pod.
 *
 * <p>Stop: the platform on the pod drains first (its own {@code /api/admin/drain}, at pod IP and port), then the pod
 * gets the lowest {@value PodView#DELETION_COST}, then one replica less, so that the ReplicaSet removes that pod and
 * no other. A StatefulSet always removes its highest ordinal, so only that machine can stop. The pod's
 * {@code terminationGracePeriodSeconds} lets a platform that is still running simulations finish them on SIGTERM.
 */
public final class KubernetesProvider implements MachineProvider {
    private static final Logger log = LoggerFactory.getLogger(KubernetesProvider.class);
    private static final Duration DESCRIBE_REUSE = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final String namespace;
    private final Workload workload;
    private final List<String> machineIds;
    private final int platformPort;
    private final PlatformClient platforms;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final Duration poll;
    /** Machine ids started whose pod has no id yet, oldest first: the next new pod takes the first of them. */
    private final List<String> startedFirst = new ArrayList<>();
    private final Duration startTimeout;
    /** Pods already reported as not Ready past the start timeout: each is reported once. */
    private final java.util.Set<String> reportedNotReady = new java.util.HashSet<>();
    /** The last read, for describe: the control loop describes every machine each tick, and one read serves them all. */
    private Optional<Layout> lastLook = Optional.empty();
    private Instant lastLookAt = Instant.MIN;

    /**
     * @param machineIds   the group's ids, the primary first: a StatefulSet's pod {@code NAME-i} is the i-th
     * @param platformPort the platform's port on a pod that names no container port {@code http}
     * @param platforms    drains a pod's platform before it is removed
     */
    public KubernetesProvider(KubernetesClient client, String namespace, Workload workload, List<String> machineIds,
            int platformPort, PlatformClient platforms, InstantSource clock, Sleeper sleeper, Duration poll) {
        this(client, namespace, workload, machineIds, platformPort, platforms, clock, sleeper, poll, Duration.ofSeconds(600));
    }

    /** @param startTimeout START_TIMEOUT_SECONDS: a pod not Ready this long after its creation is reported in the log */
    public KubernetesProvider(KubernetesClient client, String namespace, Workload workload, List<String> machineIds,
            int platformPort, PlatformClient platforms, InstantSource clock, Sleeper sleeper, Duration poll,
            Duration startTimeout) {
        this.startTimeout = startTimeout;
        this.client = client;
        this.namespace = namespace;
        this.workload = workload;
        this.machineIds = List.copyOf(machineIds);
        this.platformPort = platformPort;
        this.platforms = platforms;
        this.clock = clock;
        this.sleeper = sleeper;
        this.poll = poll;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** e.g. {@code deployment/mcscale-platform in namespace mcscale}: what doctor and errors name. */
    public String target() {
        return workload + " in namespace " + namespace;
    }

    /** What {@code mcscale doctor} shows: the workload's replicas and how many of its pods are Ready. */
    public synchronized String summary() throws ProviderException {
        Layout layout = look();
        long ready = layout.slots().values().stream().filter(s -> s.state() == MachineState.READY).count();
        return target() + ": " + layout.replicas() + " replicas, " + ready + " of the group's " + machineIds.size()
                + " machines Ready";
    }

    /** The machine as read at most {@link #DESCRIBE_REUSE} ago; start and stop always read afresh before they act. */
    @Override
    public synchronized MachineInfo describe(String machineId) throws ProviderException {
        Instant now = clock.instant();
        boolean recent = lastLook.isPresent() && !now.isBefore(lastLookAt) && Duration.between(lastLookAt, now).compareTo(DESCRIBE_REUSE) < 0;
        return info(slotOf(recent ? lastLook.get() : look(), machineId));
    }

    @Override
    public MachineInfo start(String machineId, Duration waitUpTo) throws ProviderException {
        synchronized (this) {
            Layout layout = look();
            Slot slot = slotOf(layout, machineId);
            switch (slot.state()) {
                case STOPPING -> throw new ProviderException("machine " + machineId + " (pod " + podName(slot)
                        + ") is still stopping; start it once it is off", true);
                case OFF -> {
                    if (workload.kind() == Workload.Kind.STATEFULSET) {
                        int ordinal = machineIds.indexOf(machineId);
                        if (ordinal != layout.replicas()) {
                            throw new ProviderException("machine " + machineId + " is pod " + workload.name() + "-" + ordinal
                                    + ", but " + workload + " has " + layout.replicas() + " replicas: a StatefulSet starts its"
                                    + " pods in order, so start " + machineIds.get(Math.min(layout.replicas(), machineIds.size() - 1))
                                    + " first", false);
                        }
                    } else {
                        startedFirst.remove(machineId);
                        startedFirst.add(machineId);
                    }
                    log.info("starting machine {}: {} from {} to {} replicas", machineId, workload, layout.replicas(),
                            layout.replicas() + 1);
                    scaleTo(layout.replicas() + 1);
                }
                default -> {
                    // already there, or on its way
                }
            }
        }
        return waitFor(machineId, MachineState.READY, waitUpTo);
    }

    @Override
    public MachineInfo stop(String machineId, Duration waitUpTo) throws ProviderException {
        synchronized (this) {
            Layout layout = look();
            Slot slot = slotOf(layout, machineId);
            if (slot.pod().isEmpty()) {
                if (slot.state() == MachineState.STARTING) {
                    // A replica asked for but not yet created: take it back.
                    startedFirst.remove(machineId);
                    scaleTo(layout.replicas() - 1);
                }
                return info(new Slot(machineId, MachineState.OFF, Optional.empty()));
            }
            PodView pod = slot.pod().get();
            if (!pod.terminating()) {
                removePod(layout, machineId, pod);
            }
        }
        return waitFor(machineId, MachineState.OFF, waitUpTo);
    }

    private void removePod(Layout layout, String machineId, PodView pod) throws ProviderException {
        List<PodView> pods = layout.slots().values().stream().flatMap(s -> s.pod().stream()).toList();
        if (workload.kind() == Workload.Kind.STATEFULSET) {
            int ordinal = machineIds.indexOf(machineId);
            if (ordinal != layout.replicas() - 1) {
                throw new ProviderException("machine " + machineId + " is pod " + pod.name() + ", but a StatefulSet removes"
                        + " its highest ordinal first (" + workload.name() + "-" + (layout.replicas() - 1) + "): stop that one first",
                        false);
            }
        } else {
            Optional<PodView> instead = PodSlots.removedInstead(pod, pods);
            if (instead.isPresent()) {
                throw new ProviderException("not removing pod " + pod.name() + " yet: the ReplicaSet would remove pod "
                        + instead.get().name() + " instead, which is " + (instead.get().ready() ? "" : "not Ready, ")
                        + instead.get().phase() + (instead.get().scheduled() ? "" : " and unscheduled")
                        + "; it is tried again once that pod is Ready", true);
            }
        }
        drain(machineId, pod);
        boolean alreadyMarked = pod.markedForRemoval();
        if (workload.kind() == Workload.Kind.DEPLOYMENT && !alreadyMarked) {
            patchAnnotation(pod.name(), PodView.DELETION_COST, Integer.toString(PodView.REMOVAL_COST));
        }
        // A pod marked by an earlier stop whose scale-down got lost is still counted by the ReplicaSet: scale down again.
        if (!alreadyMarked || layout.replicas() >= layout.livePods()) {
            log.info("stopping machine {}: pod {} drained and marked, {} from {} to {} replicas", machineId, pod.name(),
                    workload, layout.replicas(), layout.replicas() - 1);
            scaleTo(layout.replicas() - 1);
        }
    }

    /** The platform's own drain, so that it takes no new simulation; one that cannot be reached is removed anyway. */
    private void drain(String machineId, PodView pod) {
        if (pod.address().isEmpty()) {
            log.warn("machine {}: pod {} has no IP, so it is removed without a drain", machineId, pod.name());
            return;
        }
        try {
            platforms.drain(Backend.parse(pod.address().get()));
            log.info("machine {}: the platform on pod {} ({}) drains", machineId, pod.name(), pod.address().get());
        } catch (IOException | IllegalArgumentException e) {
            // Its SIGTERM drains it too, within the pod's termination grace period.
            log.warn("machine {}: the drain of pod {} at {} failed ({}); it is removed anyway", machineId, pod.name(),
                    pod.address().get(), e.getMessage());
        }
    }

    private MachineInfo waitFor(String machineId, MachineState wanted, Duration waitUpTo) throws ProviderException {
        Instant deadline = clock.instant().plus(waitUpTo);
        while (true) {
            Slot slot;
            synchronized (this) {
                slot = slotOf(look(), machineId);
            }
            if (slot.state() == wanted || waitUpTo.isZero()) {
                return info(slot);
            }
            if (!clock.instant().isBefore(deadline)) {
                String detail = slot.pod().map(p -> "pod " + p.name() + " is " + slot.state().word()
                        + (p.waiting().isEmpty() ? "" : " (" + p.waiting() + ")")).orElse("no pod yet");
                throw new ProviderException("machine " + machineId + " was not " + wanted.word() + " within "
                        + waitUpTo.toSeconds() + " s: " + detail + "; see kubectl -n " + namespace + " describe pod", false);
            }
            try {
                sleeper.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while waiting for machine " + machineId, true, e);
            }
        }
    }

    /** One read of the workload's replicas and pods; new pods get their machine id here. */
    private Layout look() throws ProviderException {
        Scale scale = call("read the scale of", () -> scalable().scale());
        int replicas = scale.getSpec() == null || scale.getSpec().getReplicas() == null ? 0 : scale.getSpec().getReplicas();
        String selector = scale.getStatus() == null ? null : scale.getStatus().getSelector();
        if (selector == null || selector.isBlank()) {
            throw new ProviderException(workload + " in namespace " + namespace + " reports no pod selector in its scale"
                    + " subresource; is it a Deployment or StatefulSet with spec.selector?", false);
        }
        List<PodView> pods = call("list the pods of", () -> client.pods().inNamespace(namespace).withLabelSelector(selector)
                .list().getItems()).stream().map(pod -> PodView.of(pod, platformPort)).toList();
        Layout layout = workload.kind() == Workload.Kind.STATEFULSET
                ? PodSlots.statefulSet(machineIds, workload.name(), pods, replicas)
                : PodSlots.deployment(machineIds, pods, replicas, startedFirst);
        for (var assignment : layout.newAssignments().entrySet()) {
            patchAnnotation(assignment.getKey(), PodView.SLOT_ANNOTATION, assignment.getValue());
            startedFirst.remove(assignment.getValue());
            log.info("pod {} is machine {}", assignment.getKey(), assignment.getValue());
        }
        reportPodsNotReady(layout);
        lastLook = Optional.of(layout);
        lastLookAt = clock.instant();
        return layout;
    }

    /**
     * The control loop only sees "still starting" when a start times out; what the pod's containers say (an image
     * that cannot be pulled, a crash loop, no node with room) goes to the log, once per pod.
     */
    private void reportPodsNotReady(Layout layout) {
        Instant now = clock.instant();
        for (Slot slot : layout.slots().values()) {
            slot.pod().filter(p -> !p.ready() && !p.terminating() && !p.markedForRemoval())
                    .filter(p -> Duration.between(p.created(), now).compareTo(startTimeout) > 0)
                    .filter(p -> reportedNotReady.add(p.name()))
                    .ifPresent(p -> log.warn("machine {}: pod {} is not Ready {} s after its creation: {}; see kubectl -n {} describe pod {}",
                            slot.machineId(), p.name(), Duration.between(p.created(), now).toSeconds(), p.waiting(), namespace, p.name()));
        }
    }

    private void scaleTo(int replicas) throws ProviderException {
        lastLook = Optional.empty();
        // The read's resourceVersion makes the write fail on a concurrent change instead of overwriting it.
        Scale current = call("read the scale of", () -> scalable().scale());
        Scale wanted = new ScaleBuilder(current).editOrNewSpec().withReplicas(Math.max(0, replicas)).endSpec().build();
        call("scale", () -> scalable().scale(wanted));
    }

    private void patchAnnotation(String podName, String key, String value) throws ProviderException {
        lastLook = Optional.empty();
        String patch = "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}";
        call("annotate pod " + podName + " of", () -> {
            Pod patched = client.pods().inNamespace(namespace).withName(podName).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            return patched;
        });
    }

    private Scalable<?> scalable() {
        return workload.kind() == Workload.Kind.STATEFULSET
                ? client.apps().statefulSets().inNamespace(namespace).withName(workload.name())
                : client.apps().deployments().inNamespace(namespace).withName(workload.name());
    }

    private Slot slotOf(Layout layout, String machineId) throws ProviderException {
        Slot slot = layout.slot(machineId);
        if (slot == null) {
            throw new ProviderException("unknown machine id '" + machineId + "': the group's machines are "
                    + String.join(", ", machineIds), false);
        }
        return slot;
    }

    private static String podName(Slot slot) {
        return slot.pod().map(PodView::name).orElse("none");
    }

    private MachineInfo info(Slot slot) {
        // Pods report no rate: the cost model uses INSTANCE_HOURLY_RATE_USD.
        String name = slot.pod().map(p -> "pod " + p.name() + (p.ready() || p.waiting().isEmpty() ? "" : " (" + p.waiting() + ")"))
                .orElse(workload + " (no pod)");
        return new MachineInfo(slot.machineId(), name, slot.state(), slot.pod().flatMap(PodView::address), 0, 0);
    }

    @FunctionalInterface
    private interface ApiCall<T> {
        T run();
    }

    /** Runs one API call; its failure becomes a one-line {@link ProviderException} that says what to check. */
    private <T> T call(String what, ApiCall<T> apiCall) throws ProviderException {
        try {
            return apiCall.run();
        } catch (KubernetesClientException e) {
            throw new ProviderException(KubernetesErrors.describe(e, what + " " + target(), client.getMasterUrl()),
                    KubernetesErrors.isRetryable(e), e);
        }
    }
}
