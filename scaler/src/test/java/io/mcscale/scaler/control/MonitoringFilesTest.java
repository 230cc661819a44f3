package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/alerts.yml and deploy/grafana/monte-carlo-autoscaler.json: promtool accepts
 * the rules and their unit tests pass, and every metric they name is one the daemon exports.
 */
class MonitoringFilesTest {
    private static final Path DEPLOY = Path.of("").toAbsolutePath().getParent().resolve("deploy");
    private static final Path ALERTS = DEPLOY.resolve("prometheus/alerts.yml");
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/monte-carlo-autoscaler.json");
    private static final Pattern METRIC = Pattern.compile("\\bmcscale_[a-z_]+");

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        assertThat(promtool("check", "rules", ALERTS.toString())).contains("SUCCESS: 5 rules found");
    }

    @Test
    void shouldFireEachAlertWhenItShouldInPromtoolsUnitTests() throws Exception {
        assertThat(promtool("test", "rules", DEPLOY.resolve("prometheus/alerts_test.yml").toString())).contains("SUCCESS");
    }

    @Test
    void shouldNameOnlyMetricsTheDaemonExports() throws Exception {
        Set<String> exported = exportedMetricNames();
        Set<String> used = new TreeSet<>();
        for (Path file : List.of(ALERTS, DASHBOARD)) {
            used.addAll(METRIC.matcher(Files.readString(file)).results().map(m -> m.group()).collect(Collectors.toSet()));
        }

        assertThat(used).hasSizeGreaterThan(8);
        assertThat(exported).containsAll(used);
    }

    @Test
    void shouldBeADashboardGrafanaCanImport() throws Exception {
        var dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

        assertThat(dashboard.get("uid").asText()).isEqualTo("mcscale-autoscaler");
        assertThat(dashboard.get("panels")).allSatisfy(panel -> assertThat(panel.get("targets")).isNotEmpty());
    }

    private static Set<String> exportedMetricNames() {
        var registry = new PrometheusRegistry();
        new ControlMetrics(registry);
        return registry.scrape().stream()
                .map(s -> s.getMetadata().getPrometheusName() + (s instanceof CounterSnapshot ? "_total" : ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Runs promtool (Debian package prometheus; .ci/run installs it) and returns its output; fails on a non-zero exit. */
    private static String promtool(String... args) throws Exception {
        var command = new java.util.ArrayList<String>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
