package io.mcscale.scaler.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
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

    /**
     * The settings of PROVIDER=kubernetes, every problem added to {@code problems} naming its key.
     *
     * @param value    a key's value as set, empty when not set
     * @param hasGroup whether the machine ids were valid (then configured platform URLs are refused: pods get theirs)
     */
    static KubernetesSettings check(Function<ConfigKey, Optional<String>> value, boolean hasGroup, BalancerSettings.Kind balancer,
            List<String> problems, List<String> warnings) {
        Optional<Workload> workload = Optional.empty();
        Optional<String> text = value.apply(ConfigKey.KUBERNETES_WORKLOAD);
        if (text.isEmpty()) {
            problems.add("KUBERNETES_WORKLOAD is required when PROVIDER=kubernetes: the platform pods' workload, "
                    + "e.g. deployment/mcscale-platform");
        } else {
            try {
                workload = Optional.of(Workload.parse(text.get()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        Optional<String> namespace = value.apply(ConfigKey.KUBERNETES_NAMESPACE).map(String::strip);
        if (namespace.isPresent() && !namespace.get().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            problems.add("KUBERNETES_NAMESPACE=" + namespace.get() + " is not allowed: use a namespace name like mcscale "
                    + "(lower-case letters, digits and '-')");
        }
        Optional<URI> apiUrl = value.apply(ConfigKey.KUBERNETES_API_URL).flatMap(url -> {
            try {
                URI uri = new URI(url.strip());
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problems.add("KUBERNETES_API_URL=" + url + " is not allowed: use the API server's URL like "
                    + "https://10.0.0.1:6443, or leave it empty to find it as kubectl does");
            return Optional.empty();
        });
        if (hasGroup) {
            for (ConfigKey key : List.of(ConfigKey.PRIMARY_URL, ConfigKey.SECONDARY_URL)) {
                if (value.apply(key).isPresent()) {
                    problems.add(key.name() + " must be empty when PROVIDER=kubernetes: each pod's address (pod IP and "
                            + "its container port named http, else PLATFORM_PORT) comes from the cluster");
                }
            }
        }
        if (balancer == BalancerSettings.Kind.NGINX) {
            warnings.add("LOAD_BALANCER=nginx with PROVIDER=kubernetes: the platform's Service already routes to Ready pods "
                    + "only; set LOAD_BALANCER=none unless an nginx of yours proxies to the pods");
        }
        return new KubernetesSettings(workload, namespace, apiUrl);
    }

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
