package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.config.CostSettings;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.MutableClock;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MONTHLY_BUDGET_USD in the control loop. The month is March (744 h); at 09:00 on the 2nd the
 * primary alone ($0.51/h) projects to about $0.51 × 711 h + $10 storage = $373.
 */
class BudgetGuardControllerTest {
    private static final String HIGH = AutoscalerControllerTest.metrics(7, 80, 0, 100, 0);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private FakePlatformServer primary;
    private FakePlatformServer secondary;
    private FakeProvider provider;
    private EventStore store;

    @BeforeEach
    void start() throws IOException {
        primary = new FakePlatformServer();
        secondary = new FakePlatformServer();
        provider = new FakeProvider(Map.of("ps-1", MachineState.READY, "ps-2", MachineState.OFF));
        store = EventStore.open(dir.resolve("events.db"));
    }

    @AfterEach
    void stop() {
        primary.close();
        secondary.close();
        store.close();
    }

    private AutoscalerController controllerWithBudget(double budgetUsd) {
        InstanceGroup group = new InstanceGroup(spec("ps-1", primary), List.of(spec("ps-2", secondary)));
        return TestControllers.controller(group, provider, new RecordingBalancer(), store, false, registry,
                new CostSettings(OptionalDouble.of(budgetUsd), 0.51, 5));
    }

    private static InstanceSpec spec(String id, FakePlatformServer server) {
        return new InstanceSpec(id, Optional.of(URI.create("http://" + server.backend())));
    }

    private String scrape() throws IOException {
        var out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldNotScaleUpWhenTheMonthsProjectionPassesTheBudgetAndSaySo() throws IOException {
        AutoscalerController controller = controllerWithBudget(300);
        primary.metricsBody = HIGH;

        controller.tick(clock.instant());

        assertThat(provider.startsAndStops()).isEmpty();
        assertThat(controller.snapshot().lastDecision()).isEqualTo("none");
        assertThat(controller.snapshot().lastReasons()).contains("active_users>=6", "cpu>70")
                .anySatisfy(r -> assertThat(r).startsWith("budget: month projected at $37").contains("> MONTHLY_BUDGET_USD $300.00"));
        assertThat(scrape()).contains("mcscale_budget_blocks_scale_up 1.0", "mcscale_monthly_budget_usd 300.0",
                "mcscale_cost_rate_usd_per_hour 0.51");
    }

    @Test
    void shouldScaleUpWhenTheProjectionStaysWithinTheBudget() throws IOException {
        AutoscalerController controller = controllerWithBudget(1000);
        primary.metricsBody = HIGH;

        controller.tick(clock.instant());

        assertThat(provider.startsAndStops()).containsExactly("start ps-2");
        assertThat(scrape()).contains("mcscale_budget_blocks_scale_up 0.0");
    }

    @Test
    void shouldStillFailOverWhenTheBudgetHoldsBackScaleUps() {
        AutoscalerController controller = controllerWithBudget(300);
        controller.tick(clock.instant());
        primary.healthStatus = 503;
        primary.healthBody = "{\"status\":\"unhealthy\",\"reason\":\"disk full\"}";
        primary.metricsStatus = 500;

        for (int i = 0; i < 3; i++) {
            clock.advanceSeconds(30);
            controller.tick(clock.instant());
        }

        assertThat(controller.snapshot().mode()).isEqualTo("failover");
        assertThat(provider.startsAndStops()).contains("start ps-2");
    }
}
