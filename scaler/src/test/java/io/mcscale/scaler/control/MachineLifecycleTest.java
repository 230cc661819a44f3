package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.collect.Health;
import io.mcscale.scaler.control.MachineLifecycle.Command;
import io.mcscale.scaler.control.MachineLifecycle.Life;
import io.mcscale.scaler.control.MachineLifecycle.Observed;
import io.mcscale.scaler.control.MachineLifecycle.Step;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every arrow of the machine lifecycle, one row each: where the machine is, what was seen, where it goes and what to do. */
class MachineLifecycleTest {
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final MachineTimings TIMINGS = TestControllers.TIMINGS;

    record Case(
            String name,
            // where the machine is
            MachinePhase phase,
            int secondsInPhase,
            boolean primary,
            ActionKind underWay,
            int failedAttempts,
            boolean drainRequested,
            // what the loop observed
            MachineState providerState,
            Health health,
            Integer running,
            boolean routed,
            // expected
            MachinePhase next,
            List<Class<? extends Command>> commands,
            ActionResult endsWith) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // reconcile: the provider's word is the truth about power
                new Case("an off secondary that runs is adopted", MachinePhase.OFF, 100, false, null, 0, false,
                        MachineState.READY, null, null, false,
                        MachinePhase.STARTING, List.of(Command.Begin.class), null),
                new Case("an off primary that runs is simply starting", MachinePhase.OFF, 100, true, null, 0, false,
                        MachineState.STARTING, null, null, false,
                        MachinePhase.STARTING, List.of(), null),
                new Case("an off primary is started: it is always on", MachinePhase.OFF, 100, true, null, 0, false,
                        MachineState.OFF, null, null, false,
                        MachinePhase.OFF, List.of(Command.Start.class), null),
                new Case("an off secondary stays off", MachinePhase.OFF, 100, false, null, 0, false,
                        MachineState.OFF, null, null, false,
                        MachinePhase.OFF, List.of(), null),
                new Case("a serving machine that went off is lost", MachinePhase.SERVING, 100, false, null, 0, false,
                        MachineState.OFF, null, null, false,
                        MachinePhase.OFF, List.of(Command.Failure.class), null),
                new Case("a starting machine that went off fails its start", MachinePhase.STARTING, 100, false,
                        ActionKind.SCALE_UP, 0, false, MachineState.OFF, null, null, false,
                        MachinePhase.OFF, List.of(Command.Failure.class, Command.End.class), ActionResult.FAILED),
                new Case("a draining machine that went off ended its scale-down", MachinePhase.DRAINING, 100, false,
                        ActionKind.SCALE_DOWN, 0, true, MachineState.OFF, null, null, false,
                        MachinePhase.OFF, List.of(Command.Failure.class, Command.End.class), ActionResult.OK),
                new Case("a serving machine stopped from outside is stopping", MachinePhase.SERVING, 100, false, null, 0, false,
                        MachineState.STOPPING, null, null, false,
                        MachinePhase.STOPPING, List.of(), null),
                new Case("a stopping machine that is off ends its action", MachinePhase.STOPPING, 70, false,
                        ActionKind.SCALE_DOWN, 0, false, MachineState.OFF, null, null, false,
                        MachinePhase.OFF, List.of(Command.End.class), ActionResult.OK));
    }

    static Stream<Case> progressCases() {
        return Stream.of(
                new Case("a ready machine that answers healthy serves", MachinePhase.STARTING, 90, false,
                        ActionKind.SCALE_UP, 1, false, MachineState.READY, Health.OK, null, false,
                        MachinePhase.SERVING, List.of(Command.End.class), ActionResult.OK),
                new Case("a ready machine that is not healthy yet keeps starting", MachinePhase.STARTING, 90, false,
                        ActionKind.SCALE_UP, 0, false, MachineState.READY, Health.UNREACHABLE, null, false,
                        MachinePhase.STARTING, List.of(), null),
                new Case("a start past its timeout is tried again", MachinePhase.STARTING, 601, false,
                        ActionKind.SCALE_UP, 0, false, MachineState.STARTING, null, null, false,
                        MachinePhase.STARTING, List.of(Command.Failure.class, Command.End.class, Command.Start.class),
                        ActionResult.FAILED),
                new Case("a secondary's third timed-out start gives up and stops it", MachinePhase.STARTING, 601, false,
                        ActionKind.RETRY_START, 2, false, MachineState.STARTING, null, null, false,
                        MachinePhase.STARTING, List.of(Command.Failure.class, Command.End.class, Command.Stop.class),
                        ActionResult.FAILED),
                new Case("the primary never gives up", MachinePhase.STARTING, 601, true,
                        ActionKind.RETRY_START, 5, false, MachineState.STARTING, null, null, false,
                        MachinePhase.STARTING, List.of(Command.Failure.class, Command.End.class, Command.Start.class),
                        ActionResult.FAILED),
                new Case("a draining machine still in the balancer waits", MachinePhase.DRAINING, 10, false,
                        ActionKind.SCALE_DOWN, 0, false, MachineState.READY, Health.OK, 2, true,
                        MachinePhase.DRAINING, List.of(), null),
                new Case("out of the balancer, the drain is requested", MachinePhase.DRAINING, 10, false,
                        ActionKind.SCALE_DOWN, 0, false, MachineState.READY, Health.OK, 0, false,
                        MachinePhase.DRAINING, List.of(Command.Drain.class), null),
                new Case("a drained machine with simulations running waits", MachinePhase.DRAINING, 100, false,
                        ActionKind.SCALE_DOWN, 0, true, MachineState.READY, Health.DRAINING, 2, false,
                        MachinePhase.DRAINING, List.of(), null),
                new Case("a drained machine with none running is stopped", MachinePhase.DRAINING, 100, false,
                        ActionKind.SCALE_DOWN, 0, true, MachineState.READY, Health.DRAINING, 0, false,
                        MachinePhase.STOPPING, List.of(Command.StopAgain.class), null),
                new Case("a drain past its timeout is stopped anyway", MachinePhase.DRAINING, 1800, false,
                        ActionKind.SCALE_DOWN, 0, true, MachineState.READY, Health.DRAINING, 3, false,
                        MachinePhase.STOPPING, List.of(Command.StopAgain.class), null),
                new Case("a stop past its timeout is asked again", MachinePhase.STOPPING, 601, false,
                        ActionKind.SCALE_DOWN, 0, false, MachineState.STOPPING, null, null, false,
                        MachinePhase.STOPPING, List.of(Command.Failure.class, Command.Note.class, Command.StopAgain.class), null),
                new Case("a serving machine has nothing to progress", MachinePhase.SERVING, 5000, false,
                        null, 0, false, MachineState.READY, Health.OK, 3, true,
                        MachinePhase.SERVING, List.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reconciles(Case c) {
        Step step = MachineLifecycle.reconcile(life(c), c.primary(), Optional.ofNullable(c.underWay()), c.providerState(),
                NOW, TIMINGS);
        assertStep(c, step);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("progressCases")
    void progresses(Case c) {
        var seen = new Observed(c.providerState(), Optional.ofNullable(c.health()),
                c.running() == null ? OptionalInt.empty() : OptionalInt.of(c.running()), c.routed());
        Step step = MachineLifecycle.progress(life(c), c.primary(), Optional.ofNullable(c.underWay()), seen, NOW, TIMINGS);
        assertStep(c, step);
    }

    @Test
    void shouldBackOffAStartThatWentOffAndHoldTheAlwaysOnRestartUntilThen() {
        Life starting = new Life(MachinePhase.STARTING, NOW.minusSeconds(60), 0, Instant.MIN, false);

        Step lost = MachineLifecycle.reconcile(starting, true, Optional.of(ActionKind.START_PRIMARY), MachineState.OFF, NOW, TIMINGS);

        assertThat(lost.next().retryNotBefore()).isEqualTo(NOW.plusSeconds(30));
        assertThat(lost.commands()).noneMatch(Command.Start.class::isInstance);
        Step later = MachineLifecycle.reconcile(lost.next(), true, Optional.empty(), MachineState.OFF, NOW.plusSeconds(30), TIMINGS);
        assertThat(later.commands()).singleElement().isInstanceOf(Command.Start.class);
    }

    @Test
    void shouldDoubleTheBackoffWithEachFailedStart() {
        Life life = Life.INITIAL;
        life = MachineLifecycle.startFailed(life.withFailedAttempts(3), NOW, TIMINGS);
        assertThat(life.retryNotBefore()).isEqualTo(NOW.plusSeconds(120));
    }

    record Repair(String name,
            // where the primary is
            MachinePhase phase, MachineState providerState, boolean onScalerMachine,
            // expected: the one command, or none
            Command expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Repair> repairs() {
        return Stream.of(
                new Repair("the scaler's own machine: only its platform is restarted", MachinePhase.SERVING, MachineState.READY,
                        true, new Command.RestartPlatform("failover")),
                new Repair("the scaler's own machine is never rebooted, whatever the provider says", MachinePhase.SERVING,
                        MachineState.RESTARTING, true, new Command.RestartPlatform("failover")),
                new Repair("elsewhere and up: the provider reboots it in place", MachinePhase.SERVING, MachineState.READY,
                        false, new Command.Reboot("failover")),
                new Repair("elsewhere and serviceready: up too", MachinePhase.SERVING, MachineState.SERVICEREADY,
                        false, new Command.Reboot("failover")),
                new Repair("elsewhere and off: the always-on rule starts it", MachinePhase.OFF, MachineState.OFF, false, null),
                new Repair("elsewhere and already stopping: left to finish", MachinePhase.STOPPING, MachineState.STOPPING,
                        false, null),
                new Repair("elsewhere and restarting: left to finish", MachinePhase.SERVING, MachineState.RESTARTING, false, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repairs")
    void failoverRepairsThePrimaryTheCheapestWayThatWorks(Repair r) {
        Life life = new Life(r.phase(), NOW, 0, Instant.MIN, false);

        Step step = MachineLifecycle.repairPrimary(life, r.providerState(), r.onScalerMachine(), "failover");

        assertThat(step.next()).isEqualTo(life);
        assertThat(step.commands()).isEqualTo(r.expected() == null ? List.of() : List.of(r.expected()));
        assertThat(step.commands()).noneMatch(c -> c instanceof Command.Stop || c instanceof Command.StopAgain);
    }

    private static Life life(Case c) {
        return new Life(c.phase(), NOW.minusSeconds(c.secondsInPhase()), c.failedAttempts(), Instant.MIN, c.drainRequested());
    }

    private static void assertStep(Case c, Step step) {
        assertThat(step.next().phase()).isEqualTo(c.next());
        assertThat(step.commands()).map(Object::getClass).map(k -> (Object) k).containsExactlyElementsOf(c.commands());
        assertThat(step.commands()).filteredOn(Command.End.class::isInstance).map(e -> ((Command.End) e).result())
                .containsExactlyElementsOf(c.endsWith() == null ? List.of() : List.of(c.endsWith()));
    }
}
