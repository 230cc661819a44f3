package io.mcscale.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.scaler.config.KubernetesSettings.Workload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KubernetesSettingsTest {
    record Case(String why, Map<ConfigKey, String> values, Optional<Workload> workload, String problem) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a Deployment", Map.of(ConfigKey.KUBERNETES_WORKLOAD, "deployment/mcscale-platform"),
                        Optional.of(new Workload(Workload.Kind.DEPLOYMENT, "mcscale-platform")), null),
                new Case("a StatefulSet, kubectl's plural accepted", Map.of(ConfigKey.KUBERNETES_WORKLOAD, "statefulsets/web"),
                        Optional.of(new Workload(Workload.Kind.STATEFULSET, "web")), null),
                new Case("no workload", Map.of(), Optional.empty(), "KUBERNETES_WORKLOAD is required when PROVIDER=kubernetes"),
                new Case("a name Kubernetes refuses", Map.of(ConfigKey.KUBERNETES_WORKLOAD, "deployment/Web_1"), Optional.empty(),
                        "KUBERNETES_WORKLOAD=deployment/Web_1 is not allowed: use deployment/NAME or statefulset/NAME"),
                new Case("a bad namespace", Map.of(ConfigKey.KUBERNETES_WORKLOAD, "deployment/web", ConfigKey.KUBERNETES_NAMESPACE, "My NS"),
                        Optional.of(new Workload(Workload.Kind.DEPLOYMENT, "web")), "KUBERNETES_NAMESPACE=My NS is not allowed"),
                new Case("an API URL without a scheme", Map.of(ConfigKey.KUBERNETES_WORKLOAD, "deployment/web",
                        ConfigKey.KUBERNETES_API_URL, "10.0.0.1:6443"), Optional.of(new Workload(Workload.Kind.DEPLOYMENT, "web")),
                        "KUBERNETES_API_URL=10.0.0.1:6443 is not allowed: use the API server's URL like https://10.0.0.1:6443"),
                new Case("a platform URL set by hand", Map.of(ConfigKey.KUBERNETES_WORKLOAD, "deployment/web",
                        ConfigKey.PRIMARY_URL, "http://10.0.0.5:8000"), Optional.of(new Workload(Workload.Kind.DEPLOYMENT, "web")),
                        "PRIMARY_URL must be empty when PROVIDER=kubernetes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checksEveryKeyAndNamesIt(Case c) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        values.putAll(c.values());
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        KubernetesSettings settings = KubernetesSettings.check(key -> Optional.ofNullable(values.get(key)), true,
                BalancerSettings.Kind.NONE, problems, warnings);

        assertThat(settings.workload()).isEqualTo(c.workload());
        if (c.problem() == null) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).singleElement().satisfies(p -> assertThat(p).startsWith(c.problem()));
        }
        assertThat(warnings).isEmpty();
    }
}
