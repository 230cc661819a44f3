package io.mcscale.scaler.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.config.ConfigCheck;
import io.mcscale.scaler.config.KubernetesSettings.Workload;
import io.mcscale.scaler.config.ProviderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every manifest in deploy/kubernetes parses as what it says it is, fits the others, and keeps the scaler's RBAC narrow. */
class KubernetesManifestsTest {
    private static final Path FOLDER = Path.of("").toAbsolutePath().getParent().resolve("deploy/kubernetes");
    private static final List<HasMetadata> OBJECTS = new ArrayList<>();

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(FOLDER)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("namespace.yaml", "secrets.yaml", "postgres.yaml", "platform.yaml", "scaler.yaml");
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                Object parsed = Serialization.unmarshal(in);
                List<?> documents = parsed instanceof List<?> list ? list
                        : parsed instanceof KubernetesResourceList<?> resources ? resources.getItems() : List.of(parsed);
                for (Object document : documents) {
                    assertThat(document).as(file + ": a known kind, not a typo fabric8 keeps as generic")
                            .isInstanceOf(HasMetadata.class).isNotInstanceOf(GenericKubernetesResource.class);
                    OBJECTS.add((HasMetadata) document);
                }
            }
        }
    }

    @Test
    void everyObjectLivesInTheOneNamespaceAndNothingIsClusterWide() {
        assertThat(OBJECTS).filteredOn(o -> !o.getKind().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo("mcscale"));
        assertThat(OBJECTS).noneMatch(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding);
    }

    @Test
    void theScalersRoleMayOnlyScaleThePlatformDeploymentAndReadAndAnnotatePods() {
        Role role = the(Role.class, "mcscale-scaler");
        Deployment platform = the(Deployment.class, "mcscale-platform");

        assertThat(role.getRules()).hasSize(2);
        PolicyRule scale = rule(role, "apps");
        assertThat(scale.getResources()).containsExactly("deployments/scale");
        assertThat(scale.getResourceNames()).containsExactly(platform.getMetadata().getName());
        assertThat(scale.getVerbs()).isSubsetOf("get", "update", "patch").contains("get", "update");
        PolicyRule pods = rule(role, "");
        assertThat(pods.getResources()).containsExactly("pods");
        assertThat(pods.getVerbs()).isSubsetOf("get", "list", "watch", "patch").contains("list", "patch");
        assertThat(role.getRules()).allSatisfy(r -> assertThat(String.join(",", r.getVerbs()) + String.join(",", r.getResources())
                + String.join(",", r.getApiGroups())).doesNotContain("*"));
    }

    @Test
    void theRoleIsBoundToTheServiceAccountTheScalerRunsAs() {
        RoleBinding binding = the(RoleBinding.class, "mcscale-scaler");
        Deployment scaler = the(Deployment.class, "mcscale-scaler");
        String account = scaler.getSpec().getTemplate().getSpec().getServiceAccountName();

        the(ServiceAccount.class, account);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo("mcscale-scaler");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account);
        });
        assertThat(scaler.getSpec().getReplicas()).isEqualTo(1);
        assertThat(scaler.getSpec().getStrategy().getType()).as("two scalers must never act at once").isEqualTo("Recreate");
    }

    @Test
    void theScalersConfigurationLoadsAndNamesThePlatformDeployment(@TempDir Path dir) throws IOException {
        ConfigMap config = the(ConfigMap.class, "mcscale-scaler-config");
        Path env = dir.resolve(".env.autoscaler");
        Files.writeString(env, config.getData().get(".env.autoscaler"));

        ConfigCheck check = AutoscalerConfig.check(Optional.of(env), Map.of("PLATFORM_ADMIN_TOKEN", "test-token-1234"));

        assertThat(check.problems()).isEmpty();
        AutoscalerConfig loaded = check.config().orElseThrow();
        assertThat(loaded.provider().kind()).isEqualTo(ProviderSettings.Kind.KUBERNETES);
        assertThat(loaded.kubernetes().workload()).contains(new Workload(Workload.Kind.DEPLOYMENT, "mcscale-platform"));
        assertThat(loaded.group().maxInstances()).as("the guide's groups of 3-10").isEqualTo(10);
        assertThat(loaded.group().minInstances()).as("the guide's groups of 3-10").isEqualTo(3);
        assertThat(rule(the(Role.class, "mcscale-scaler"), "apps").getResourceNames())
                .containsExactly(loaded.kubernetes().workload().orElseThrow().name());
    }

    @Test
    void thePlatformServesOnANamedPortThatItsProbesServiceAndBudgetUse() {
        Deployment platform = the(Deployment.class, "mcscale-platform");
        Map<String, String> podLabels = platform.getSpec().getTemplate().getMetadata().getLabels();
        Container container = platform.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getPorts()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("http"));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/api/health");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(container.getLivenessProbe().getHttpGet()).as("a draining platform's health is 503: it must not be restarted")
                .isNull();
        assertThat(platform.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
        Service service = the(Service.class, "mcscale-platform");
        assertThat(service.getSpec().getSelector()).isEqualTo(podLabels);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        PodDisruptionBudget budget = the(PodDisruptionBudget.class, "mcscale-platform");
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
        assertThat(platform.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("room for running simulations to finish on SIGTERM").isGreaterThanOrEqualTo(1800L);
    }

    @Test
    void everySecretKeyAPodReadsIsDefined() {
        Set<String> defined = new java.util.HashSet<>();
        OBJECTS.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .forEach(s -> s.getStringData().keySet().forEach(key -> defined.add(s.getMetadata().getName() + "/" + key)));
        List<String> read = new ArrayList<>();
        OBJECTS.forEach(o -> {
            var template = o instanceof Deployment d ? d.getSpec().getTemplate()
                    : o instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s ? s.getSpec().getTemplate() : null;
            if (template != null) {
                template.getSpec().getContainers().forEach(c -> c.getEnv().stream()
                        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(e -> read.add(e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey())));
            }
        });
        assertThat(read).isNotEmpty();
        assertThat(defined).containsAll(read);
    }

    private static PolicyRule rule(Role role, String apiGroup) {
        return role.getRules().stream().filter(r -> r.getApiGroups().equals(List.of(apiGroup))).findFirst().orElseThrow();
    }

    private static <T extends HasMetadata> T the(Class<T> kind, String name) {
        List<T> found = OBJECTS.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as(kind.getSimpleName() + " " + name).hasSize(1);
        return found.get(0);
    }
}
