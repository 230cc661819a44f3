package io.mcscale.scaler.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code PROVIDER=kubernetes}: which workload holds the platform pods, and where the cluster is.
 *
 * @param workload  {@code KUBERNETES_WORKLOAD}; empty unless PROVIDER=kubernetes
 * @param namespace {@code KUBERNETES_NAMESPACE}; empty = the client's own discovery (service account, kubeconfig)
 * @param apiUrl    {@code KUBERNETES_API_URL}; empty = the client's own discovery
 */
public record KubernetesSettings(Optional<Workload> workload, Optional<String> namespace, Optional<URI> apiUrl) {
    public static final KubernetesSettings NONE = new KubernetesSettings(Optional.empty(), Optional.empty(), Optional.empty());

    /** A Deployment or a StatefulSet, by name: {@code deployment/mcscale-platform}. */
    public record Workload(Kind kind, String name) {
        // A DNS-1123 subdomain, as Kubernetes requires of object names.
        private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

        public enum Kind { DEPLOYMENT, STATEFULSET }

        /** {@code deployment/NAME} or {@code statefulset/NAME}. */
        public static Workload parse(String text) {
            String[] parts = text.strip().split("/", -1);
            if (parts.length == 2 && NAME.matcher(parts[1]).matches()) {
                String kind = parts[0].toLowerCase(Locale.ROOT);
                if (kind.equals("deployment") || kind.equals("deployments")) {
                    return new Workload(Kind.DEPLOYMENT, parts[1]);
                }
                if (kind.equals("statefulset") || kind.equals("statefulsets")) {
                    return new Workload(Kind.STATEFULSET, parts[1]);
                }
            }
            throw new IllegalArgumentException("KUBERNETES_WORKLOAD=" + text + " is not allowed: use deployment/NAME or "
                    + "statefulset/NAME, e.g. deployment/mcscale-platform");
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(Locale.ROOT) + "/" + name;
        }
    }
}
