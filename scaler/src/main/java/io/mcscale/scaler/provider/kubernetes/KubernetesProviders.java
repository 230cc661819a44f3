package io.mcscale.scaler.provider.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.config.ConfigException;
import io.mcscale.scaler.config.KubernetesSettings;
import io.mcscale.scaler.config.Secret;
import io.mcscale.scaler.provider.paperspace.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Builds the {@link KubernetesProvider} of a configuration, finding the cluster as kubectl does. */
public final class KubernetesProviders {
    /** Pods become Ready in seconds; a scale or a patch is one request. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private KubernetesProviders() {
    }

    public static KubernetesProvider create(AutoscalerConfig config) {
        KubernetesSettings settings = config.kubernetes();
        KubernetesSettings.Workload workload = settings.workload().orElseThrow(() -> new ConfigException("KUBERNETES_WORKLOAD",
                List.of("KUBERNETES_WORKLOAD is required when PROVIDER=kubernetes, e.g. deployment/mcscale-platform")));
        KubernetesClient client = client(settings);
        String namespace = settings.namespace().orElseGet(() -> client.getNamespace() == null ? "default" : client.getNamespace());
        PlatformClient platforms = new PlatformClient(config.control().metricsTimeout(),
                config.control().platformAdminToken().map(Secret::reveal).orElse(""));
        return new KubernetesProvider(client, namespace, workload, config.group().all().stream().map(InstanceSpec::machineId).toList(),
                config.provider().platformPort(), platforms, Clock.systemUTC(), Sleeper.REAL, POLL, config.provider().startTimeout());
    }

    /**
     * The in-cluster service account, else {@code KUBECONFIG} or {@code ~/.kube/config}, with the API URL and namespace
     * of the configuration when set. One retry and short timeouts: a tick or {@code mcscale doctor} must not hang on
     * a cluster that is away.
     */
    static KubernetesClient client(KubernetesSettings settings) {
        ConfigBuilder builder = new ConfigBuilder(Config.autoConfigure(null))
                .withRequestRetryBackoffLimit(1)
                .withRequestRetryBackoffInterval(500)
                .withConnectionTimeout(5_000)
                .withRequestTimeout(10_000);
        settings.apiUrl().ifPresent(url -> builder.withMasterUrl(url.toString()));
        settings.namespace().ifPresent(builder::withNamespace);
        return new KubernetesClientBuilder().withConfig(builder.build()).build();
    }
}
