package io.mcscale.scaler.provider.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URL;

/** Turns the Kubernetes client's failures into one line that names what failed and what to check; never a stack trace. */
final class KubernetesErrors {
    private KubernetesErrors() {
    }

    /**
     * @param what      e.g. {@code scale deployment/mcscale-platform in namespace mcscale}
     * @param masterUrl the API server the client talks to, when known
     */
    static String describe(KubernetesClientException e, String what, URL masterUrl) {
        String server = masterUrl == null ? "the Kubernetes API" : "the Kubernetes API at " + masterUrl;
        int code = e.getCode();
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : firstLine(e);
        if (code <= 0) { // no HTTP answer at all
            return "cannot reach " + server + " to " + what + ": " + rootCause(e)
                    + "; check KUBERNETES_API_URL, the kubeconfig, or that the scaler runs in the cluster";
        }
        return switch (code) {
            case 401 -> server + " refused the scaler's credentials (401) to " + what
                    + ": check the service account token or the kubeconfig user";
            case 403 -> server + " forbids the scaler to " + what + " (403): " + reason
                    + "; the Role in deploy/kubernetes/scaler.yaml must name this workload";
            case 404 -> "cannot " + what + ": not found (404); check KUBERNETES_WORKLOAD and KUBERNETES_NAMESPACE";
            case 409 -> "cannot " + what + ": it changed meanwhile (409 conflict); tried again on the next tick";
            default -> "cannot " + what + ": " + server + " answered " + code + ": " + reason;
        };
    }

    /** Worth trying again later: no answer, a conflict, throttling or a server error. */
    static boolean isRetryable(KubernetesClientException e) {
        int code = e.getCode();
        return code <= 0 || code == 409 || code == 429 || code >= 500;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + firstLine(cause) + ")");
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
