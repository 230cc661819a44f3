package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.model.UserTier;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.OperatorRequest;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.TierRule;
import io.mcscale.core.policy.TierRules;
import io.mcscale.scaler.collect.FakePlatformServer;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.MutableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control loop against a recording fake provider and balancer, with the platforms as real
 * loopback HTTP servers and time moved by hand: each {@code tick()} is one poll, 30 s apart.
 */
class AutoscalerControllerTest {
    private static final String LOW = metrics(1, 10, 0, 100, 0);
    private static final String HIGH = metrics(7, 80, 0, 100, 0);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    private FakePlatformServer primary;
    private FakePlatformServer secondary;
    private FakeProvider provider;
    private RecordingBalancer balancer;
    private EventStore store;

    @BeforeEach
    void start() throws IOException {
        primary = new FakePlatformServer();
        secondary = new FakePlatformServer();
        provider = new FakeProvider(Map.of("ps-1", MachineState.READY, "ps-2", MachineState.OFF));
        balancer = new RecordingBalancer();
        store = EventStore.open(dir.resolve("events.db"));
    }

    @AfterEach
    void stop() {
        primary.close();
        secondary.close();
        store.close();
    }

    static String metrics(int users, double cpu, int queue, double responseMs, int running) {
        return "{\"active_users\":" + users + ",\"cpu_usage\":" + cpu + ",\"memory_usage\":40.0,\"gpu_usage\":null,"
                + "\"simulation_queue_length\":" + queue + ",\"avg_response_time\":" + responseMs
                + ",\"running_simulations\":" + running + "}";
    }

    private AutoscalerController controller(boolean dryRun) {
        InstanceGroup group = new InstanceGroup(spec("ps-1", primary), List.of(spec("ps-2", secondary)));
        return TestControllers.controller(group, provider, balancer, store, dryRun, new PrometheusRegistry(),
                TestControllers.NO_BUDGET);
    }

    private static InstanceSpec spec(String id, FakePlatformServer server) {
        return new InstanceSpec(id, Optional.of(URI.create("http://" + server.backend())));
    }

    private void tick(AutoscalerController controller) {
        clock.advanceSeconds(30);
        controller.tick(clock.instant());
    }

    /** Runs the loop until the secondary serves: high load, start, boot, healthy, routed. */
    private AutoscalerController scaledUp() {
        AutoscalerController controller = controller(false);
        primary.metricsBody = HIGH;
        controller.tick(clock.instant());
        assertThat(provider.startsAndStops()).containsExactly("start ps-2");
        provider.states.put("ps-2", MachineState.READY);
        secondary.metricsBody = HIGH;
        tick(controller);
        return controller;
    }

    /** Scales up, then lets load stay low until the policy drains the secondary, which runs {@code running} simulations. */
    private AutoscalerController drainingWith(int running) {
        AutoscalerController controller = scaledUp();
        primary.metricsBody = LOW;
        secondary.metricsBody = metrics(0, 5, 0, 50, running);
        for (int i = 0; i < 25 && balancer.live().size() == 2; i++) {
            tick(controller);
        }
        return controller;
    }

    private void assertActionEnded(ActionKind kind, ActionResult result) {
        assertThat(store.recentActions(20)).anySatisfy(a -> {
            assertThat(a.kind()).isEqualTo(kind);
            assertThat(a.result()).contains(result);
        });
    }

    @Test
    void shouldStartTheSecondaryWhenTwoUpConditionsHoldAndRouteToItOnceHealthy() {
        AutoscalerController controller = scaledUp();

        assertThat(balancer.live()).containsExactly(primary.backend(), secondary.backend());
        assertThat(controller.snapshot().machines()).extracting(ControllerSnapshot.MachineStatus::phase)
                .containsExactly("serving", "serving");
        assertActionEnded(ActionKind.SCALE_UP, ActionResult.OK);
        assertThat(store.recentDecisions(10)).anySatisfy(d -> assertThat(d.reasons()).contains("active_users>=6", "cpu>70"));
    }

    @Test
    void shouldDrainTheSecondaryAfterSustainedLowLoadAndStopItOnlyWhenItsSimulationsFinish() {
        AutoscalerController controller = drainingWith(1);
        assertThat(balancer.live()).containsExactly(primary.backend());
        assertThat(secondary.adminCalls).containsExactly("/api/admin/drain Bearer platform-token");
        for (int i = 0; i < 5; i++) {
            tick(controller);
        }
        assertThat(provider.startsAndStops()).containsExactly("start ps-2");

        secondary.metricsBody = metrics(0, 5, 0, 50, 0);
        tick(controller);
        assertThat(provider.startsAndStops()).containsExactly("start ps-2", "stop ps-2");

        provider.states.put("ps-2", MachineState.OFF);
        tick(controller);
        assertThat(controller.snapshot().machines().get(1).phase()).isEqualTo("off");
        assertActionEnded(ActionKind.SCALE_DOWN, ActionResult.OK);
        assertThat(store.instanceIntervals(clock.instant().minusSeconds(3600), clock.instant()))
                .extracting(i -> i.machineId()).contains("ps-1", "ps-2");
    }

    @Test
    void shouldCancelTheDrainAndServeAgainWhenLoadRisesWithoutStartingAnotherMachine() {
        AutoscalerController controller = drainingWith(2);
        assertThat(secondary.adminCalls).hasSize(1);

        primary.metricsBody = HIGH;
        tick(controller);

        assertThat(secondary.adminCalls).containsExactly(
                "/api/admin/drain Bearer platform-token", "/api/admin/resume Bearer platform-token");
        assertThat(balancer.live()).containsExactly(primary.backend(), secondary.backend());
        assertThat(provider.startsAndStops()).containsExactly("start ps-2");
        assertThat(store.recentActions(10)).anySatisfy(a -> assertThat(a.result()).contains(ActionResult.CANCELLED));
    }

    @Test
    void shouldNeverScaleDownWhileAMetricsReadFails() {
        AutoscalerController controller = scaledUp();
        primary.metricsBody = LOW;
        secondary.metricsStatus = 500;

        for (int i = 0; i < 40; i++) {
            tick(controller);
        }

        assertThat(balancer.live()).containsExactly(primary.backend(), secondary.backend());
        assertThat(secondary.adminCalls).isEmpty();
        assertThat(store.recentActions(20)).anySatisfy(a -> assertThat(a.kind()).isEqualTo(ActionKind.HEALTH_EVENT));
    }

    @Test
    void shouldFailOverToTheSecondaryIgnoringCooldownAndReturnWhenThePrimaryIsHealthy() {
        AutoscalerController controller = controller(false);
        primary.metricsBody = LOW;
        secondary.metricsBody = LOW;
        controller.tick(clock.instant());
        controller.submit(ManualRequest.of(OperatorRequest.Kind.SCALE_UP, true));
        tick(controller);
        provider.states.put("ps-2", MachineState.READY);
        tick(controller);
        controller.submit(ManualRequest.of(OperatorRequest.Kind.SCALE_DOWN, true));
        tick(controller);
        tick(controller);
        provider.states.put("ps-2", MachineState.OFF);
        tick(controller);
        assertThat(provider.startsAndStops()).containsExactly("start ps-2", "stop ps-2");
        // The cooldown of that last scale-down is still running when the primary fails.
        primary.healthStatus = 503;
        primary.healthBody = "{\"status\":\"unhealthy\",\"reason\":\"disk full\"}";
        primary.metricsStatus = 500;

        tick(controller);
        tick(controller);
        assertThat(provider.startsAndStops()).hasSize(2);
        tick(controller);

        assertThat(controller.snapshot().mode()).isEqualTo("failover");
        assertThat(provider.startsAndStops()).containsExactly("start ps-2", "stop ps-2", "start ps-2", "stop ps-1");
        provider.states.put("ps-2", MachineState.READY);
        provider.states.put("ps-1", MachineState.OFF);
        tick(controller);
        assertThat(balancer.live()).containsExactly(secondary.backend());
        assertThat(provider.startsAndStops()).last().isEqualTo("start ps-1");

        provider.states.put("ps-1", MachineState.READY);
        primary.healthStatus = 200;
        primary.healthBody = "{\"status\":\"ok\"}";
        primary.metricsStatus = 200;
        tick(controller);

        assertThat(controller.snapshot().mode()).isEqualTo("normal");
        assertThat(balancer.live()).containsExactly(primary.backend(), secondary.backend());
        assertActionEnded(ActionKind.FAILOVER, ActionResult.OK);
    }

    @Test
    void shouldAdoptARunningSecondaryItDidNotStartAndStartAnOffPrimary() {
        provider.states.put("ps-1", MachineState.OFF);
        provider.states.put("ps-2", MachineState.READY);
        AutoscalerController controller = controller(false);

        controller.tick(clock.instant());

        assertThat(provider.startsAndStops()).containsExactly("start ps-1");
        assertThat(balancer.live()).containsExactly(secondary.backend());
        assertThat(store.recentActions(5)).extracting(ActionRecord::kind).contains(ActionKind.ADOPT, ActionKind.START_PRIMARY);
    }

    @Test
    void shouldCarryOnAnInterruptedDrainAfterARestartOfTheScaler() {
        drainingWith(1);
        assertThat(store.unfinishedActions()).extracting(ActionRecord::kind).containsExactly(ActionKind.SCALE_DOWN);

        AutoscalerController second = controller(false);
        tick(second);
        assertThat(second.snapshot().machines().get(1).phase()).isEqualTo("draining");
        assertThat(provider.startsAndStops()).containsExactly("start ps-2");

        secondary.metricsBody = metrics(0, 5, 0, 50, 0);
        tick(second);
        assertThat(provider.startsAndStops()).containsExactly("start ps-2", "stop ps-2");
    }

    @Test
    void shouldOnlyLogDecisionsInDryRun() {
        AutoscalerController controller = controller(true);
        primary.metricsBody = HIGH;

        controller.tick(clock.instant());
        tick(controller);

        assertThat(provider.startsAndStops()).isEmpty();
        assertThat(balancer.routes).isEmpty();
        assertThat(store.recentDecisions(5)).anySatisfy(d -> assertThat(d.outcome()).isEqualTo("scale_up"));
    }

    @Test
    void shouldRefuseAManualScaleWithinTheCooldownUnlessForced() throws Exception {
        AutoscalerController controller = scaledUp();

        ManualRequest refused = controller.submit(ManualRequest.of(OperatorRequest.Kind.SCALE_DOWN, false));
        tick(controller);
        assertThat(refused.outcome().get().accepted()).isFalse();
        assertThat(refused.outcome().get().message()).contains("cooldown").contains("--force");

        ManualRequest forced = controller.submit(ManualRequest.of(OperatorRequest.Kind.SCALE_DOWN, true));
        tick(controller);
        assertThat(forced.outcome().get().accepted()).isTrue();
        assertThat(balancer.live()).containsExactly(primary.backend());
    }


    @Test
    void shouldReportAndRetryAStartStuckPastItsTimeoutAndGiveUpOnTheSecondaryAfterThreeTries() {
        AutoscalerController controller = controller(false);
        primary.metricsBody = HIGH;
        controller.tick(clock.instant());
        assertThat(provider.startsAndStops()).containsExactly("start ps-2");

        for (int attempt = 1; attempt <= 3; attempt++) {
            clock.advanceSeconds(601);
            controller.tick(clock.instant());
        }

        assertThat(provider.startsAndStops()).containsExactly("start ps-2", "start ps-2", "start ps-2", "stop ps-2");
        assertThat(store.recentActions(10)).filteredOn(a -> a.result().filter(ActionResult.FAILED::equals).isPresent()).hasSize(3);
        assertThat(controller.snapshot().machines().get(1).phase()).isEqualTo("stopping");
    }

    @Test
    void shouldBackOffAfterAFailedStartOfThePrimary() {
        provider.states.put("ps-1", MachineState.OFF);
        provider.failStarts = true;
        AutoscalerController controller = controller(false);

        controller.tick(clock.instant());
        clock.advanceSeconds(10);
        controller.tick(clock.instant());
        assertThat(provider.startsAndStops()).containsExactly("start ps-1");

        clock.advanceSeconds(25);
        controller.tick(clock.instant());
        assertThat(provider.startsAndStops()).filteredOn(call -> call.endsWith("ps-1")).containsExactly("start ps-1", "start ps-1");
        // 20, not 5: the failover's failed start of the secondary also records its capacity error and that nothing is left.
        assertThat(store.recentActions(20)).filteredOn(a -> a.kind() == ActionKind.START_PRIMARY).hasSize(2)
                .allSatisfy(a -> assertThat(a.result()).contains(ActionResult.FAILED));
    }

    @Test
    void shouldFailOverWhenThePrimaryWentOffWhileStartingAndNeverServed() {
        // The scaler starts while the primary is down: it has never seen the primary serve.
        provider.states.put("ps-1", MachineState.OFF);
        AutoscalerController controller = controller(false);
        controller.tick(clock.instant());
        assertThat(provider.startsAndStops()).containsExactly("start ps-1");
        provider.states.put("ps-1", MachineState.OFF); // its platform dies while booting

        for (int i = 0; i < 4 && !provider.startsAndStops().contains("start ps-2"); i++) {
            clock.advanceSeconds(5);
            controller.tick(clock.instant());
        }

        assertThat(provider.startsAndStops()).contains("start ps-2");
        assertThat(controller.snapshot().mode()).isEqualTo("failover");
    }

    // ---- per-tier rules: the guide's policy plus TIER_ENTERPRISE_RESPONSE_UP_SECONDS=1, no rule for free ----

    /** Quiet by the guide's conditions; one tier waits {@code waitSeconds} on average, the others nothing. */
    static String quietWith(UserTier slowTier, double waitSeconds) {
        StringBuilder tiers = new StringBuilder();
        for (UserTier tier : UserTier.values()) {
            double wait = tier == slowTier ? waitSeconds : 0;
            tiers.append(tiers.isEmpty() ? "" : ",").append('"').append(tier.wire()).append("\":{\"active_users\":")
                    .append(tier == slowTier ? 1 : 0).append(",\"simulation_queue_length\":0,\"avg_wait_seconds\":")
                    .append(wait).append(",\"wait_p95_seconds\":").append(wait * 2).append('}');
        }
        String six = FakePlatformServer.metricsJson(1, 20, 0, 100);
        return six.substring(0, six.length() - 1) + ",\"tiers\":{" + tiers + "}}";
    }

    private AutoscalerController tierController() {
        TierRule enterpriseWait = new TierRule(UserTier.ENTERPRISE, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalDouble.of(1), OptionalDouble.empty(), 1);
        GroupPolicy policy = new GroupPolicy(PolicySettings.GUIDE_DEFAULTS.withTierRules(new TierRules(List.of(enterpriseWait))), 3);
        InstanceGroup group = new InstanceGroup(spec("ps-1", primary), List.of(spec("ps-2", secondary)));
        return TestControllers.controller(group, policy, provider, balancer, store, false, new PrometheusRegistry(),
                TestControllers.NO_BUDGET);
    }

    @Test
    void shouldScaleUpWhenEnterpriseUsersWaitTooLong() {
        AutoscalerController controller = tierController();
        primary.metricsBody = quietWith(UserTier.ENTERPRISE, 2.5);

        controller.tick(clock.instant());

        assertThat(provider.startsAndStops()).containsExactly("start ps-2");
        assertThat(controller.snapshot().lastReasons()).containsExactly("enterprise:wait>1s");
        assertThat(store.recentDecisions(1).get(0).inputsJson()).contains("\"enterprise\":{\"active_users\":1");
    }

    @Test
    void shouldNotScaleUpWhenTheSameWaitsAreTheFreeTiersWhichHasNoRule() {
        AutoscalerController controller = tierController();
        primary.metricsBody = quietWith(UserTier.FREE, 2.5);

        for (int i = 0; i < 5; i++) {
            tick(controller);
        }

        assertThat(provider.startsAndStops()).isEmpty();
        assertThat(controller.snapshot().lastReasons()).containsExactly("0 of 2 votes", "enterprise:0 of 1 votes");
    }

    @Test
    void shouldHoldTheScaleDownWhileAnOlderPlatformSendsNoTiersAndScaleDownOnceTheTiersAreIdle() {
        AutoscalerController controller = tierController();
        primary.metricsBody = quietWith(UserTier.ENTERPRISE, 2.5);
        controller.tick(clock.instant());
        provider.states.put("ps-2", MachineState.READY);
        String noTiers = FakePlatformServer.metricsJson(0, 5, 0, 50);
        primary.metricsBody = noTiers;
        secondary.metricsBody = noTiers;

        for (int i = 0; i < 30; i++) {
            tick(controller);
        }
        assertThat(secondary.adminCalls).as("no drain without tier data").isEmpty();
        assertThat(controller.snapshot().lastReasons()).contains("enterprise:no tier data");

        primary.metricsBody = quietWith(UserTier.ENTERPRISE, 0.2);
        secondary.metricsBody = quietWith(UserTier.ENTERPRISE, 0.2);
        for (int i = 0; i < 25 && secondary.adminCalls.isEmpty(); i++) {
            tick(controller);
        }
        assertThat(secondary.adminCalls).containsExactly("/api/admin/drain Bearer platform-token");
        assertThat(store.recentDecisions(50)).anySatisfy(d -> assertThat(d.reasons()).contains("enterprise:wait<=1s"));
    }
}
