package io.mcscale.scaler.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the provider needs of one platform pod, read once from the API so that the decisions about it are pure.
 *
 * @param slot      the group's machine id this pod stands for ({@value #SLOT_ANNOTATION}), if it has one yet
 * @param scheduled whether a node was chosen for it ({@code spec.nodeName})
 * @param phase     {@code Pending}, {@code Running}, ... ({@code status.phase})
 * @param ready     its {@code Ready} condition is {@code True}: only then does it serve
 * @param terminating it has a {@code deletionTimestamp}: on its way out
 * @param deletionCost its {@value #DELETION_COST} annotation, 0 when it has none
 * @param address   {@code podIP:port}, the port being the container port named {@code http}, else PLATFORM_PORT
 * @param waiting   why it is not Ready, as its containers say (e.g. {@code platform waiting: CrashLoopBackOff}); empty when nothing is known
 */
public record PodView(String name, Optional<String> slot, Instant created, boolean scheduled, String phase, boolean ready,
        boolean terminating, int deletionCost, Optional<String> address, String waiting) {

    /** Which machine id of the group a Deployment's pod stands for; written by the scaler, read back after a restart. */
    public static final String SLOT_ANNOTATION = "mcscale.io/machine-id";
    /** The ReplicaSet removes the pod with the lowest cost first (Kubernetes 1.22 and later). */
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    /** The cost the scaler gives the one pod it removes: below any other pod's. */
    public static final int REMOVAL_COST = Integer.MIN_VALUE;

    public static PodView of(Pod pod, int defaultPort) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
        var status = pod.getStatus();
        boolean ready = status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        Optional<String> ip = Optional.ofNullable(status == null ? null : status.getPodIP()).filter(s -> !s.isBlank());
        String created = pod.getMetadata().getCreationTimestamp();
        return new PodView(
                pod.getMetadata().getName(),
                Optional.ofNullable(annotations.get(SLOT_ANNOTATION)),
                created == null ? Instant.EPOCH : Instant.parse(created),
                pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isBlank(),
                status == null || status.getPhase() == null ? "Pending" : status.getPhase(),
                ready,
                pod.getMetadata().getDeletionTimestamp() != null,
                cost(annotations.get(DELETION_COST)),
                ip.map(a -> (a.contains(":") ? "[" + a + "]" : a) + ":" + port(pod, defaultPort)),
                ready ? "" : waiting(pod));
    }

    public boolean markedForRemoval() {
        return deletionCost == REMOVAL_COST;
    }

    private static int cost(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0; // the ReplicaSet rejects it too and treats the pod as costing 0
        }
    }

    private static int port(Pod pod, int defaultPort) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return defaultPort;
        }
        for (Container container : pod.getSpec().getContainers()) {
            for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                if ("http".equals(port.getName()) && port.getContainerPort() != null) {
                    return port.getContainerPort();
                }
            }
        }
        return defaultPort;
    }

    private static String waiting(Pod pod) {
        List<String> reasons = new ArrayList<>();
        var status = pod.getStatus();
        if (status == null) {
            return "no status yet";
        }
        for (ContainerStatus container : status.getContainerStatuses() == null ? List.<ContainerStatus>of() : status.getContainerStatuses()) {
            if (container.getState() != null && container.getState().getWaiting() != null) {
                reasons.add(container.getName() + " waiting: " + container.getState().getWaiting().getReason());
            } else if (container.getState() != null && container.getState().getTerminated() != null) {
                reasons.add(container.getName() + " terminated: " + container.getState().getTerminated().getReason());
            } else if (Boolean.FALSE.equals(container.getReady())) {
                reasons.add(container.getName() + " running, readiness probe not passing");
            }
        }
        for (PodCondition condition : status.getConditions() == null ? List.<PodCondition>of() : status.getConditions()) {
            if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
                reasons.add("not scheduled: " + condition.getReason()
                        + (condition.getMessage() == null ? "" : " (" + condition.getMessage() + ")"));
            }
        }
        return reasons.isEmpty() ? "phase " + (status.getPhase() == null ? "Pending" : status.getPhase()) : String.join("; ", reasons);
    }
}
