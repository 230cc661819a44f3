package io.mcscale.scaler.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KubernetesErrorsTest {
    private static final String WHAT = "scale deployment/web in namespace mcscale";

    record Case(String why, KubernetesClientException error, String message, boolean retryable) {
        @Override
        public String toString() {
            return why;
        }
    }

    private static KubernetesClientException answered(int code, String reason) {
        return new KubernetesClientException("Failure executing: PUT at: https://10.0.0.1:6443/apis/apps/v1/...\nmore", code,
                new StatusBuilder().withCode(code).withMessage(reason).build());
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no answer", new KubernetesClientException("Operation failed", new IOException("Connection refused")),
                        "cannot reach the Kubernetes API at https://10.0.0.1:6443 to " + WHAT + ": IOException (Connection refused); "
                                + "check KUBERNETES_API_URL, the kubeconfig, or that the scaler runs in the cluster", true),
                new Case("bad credentials", answered(401, "Unauthorized"), "the Kubernetes API at https://10.0.0.1:6443 refused the "
                        + "scaler's credentials (401) to " + WHAT + ": check the service account token or the kubeconfig user", false),
                new Case("RBAC refuses", answered(403, "deployments.apps \"web\" is forbidden: cannot update resource \"deployments/scale\""),
                        "the Kubernetes API at https://10.0.0.1:6443 forbids the scaler to " + WHAT + " (403): deployments.apps \"web\" "
                                + "is forbidden: cannot update resource \"deployments/scale\"; the Role in deploy/kubernetes/scaler.yaml "
                                + "must name this workload", false),
                new Case("no such workload", answered(404, "not found"), "cannot " + WHAT + ": not found (404); check "
                        + "KUBERNETES_WORKLOAD and KUBERNETES_NAMESPACE", false),
                new Case("a concurrent change", answered(409, "the object has been modified"), "cannot " + WHAT + ": it changed "
                        + "meanwhile (409 conflict); tried again on the next tick", true),
                new Case("throttled", answered(429, "too many requests"), "cannot " + WHAT + ": the Kubernetes API at "
                        + "https://10.0.0.1:6443 answered 429: too many requests", true),
                new Case("a server error", answered(503, "etcd leader changed"), "cannot " + WHAT + ": the Kubernetes API at "
                        + "https://10.0.0.1:6443 answered 503: etcd leader changed", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void saysWhatFailedAndWhatToCheckInOneLine(Case c) throws MalformedURLException {
        String message = KubernetesErrors.describe(c.error(), WHAT, URI.create("https://10.0.0.1:6443").toURL());

        assertThat(message).isEqualTo(c.message()).doesNotContain("\n");
        assertThat(KubernetesErrors.isRetryable(c.error())).isEqualTo(c.retryable());
    }
}
