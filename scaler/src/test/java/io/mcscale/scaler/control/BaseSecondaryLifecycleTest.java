package io.mcscale.scaler.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.MachineRole;
import io.mcscale.scaler.collect.Health;
import io.mcscale.scaler.control.MachineLifecycle.Command;
import io.mcscale.scaler.control.MachineLifecycle.Life;
import io.mcscale.scaler.store.ActionKind;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A base secondary (MIN_INSTANCES) lives like the primary: started whenever it is off, its starts retried without end. */
class BaseSecondaryLifecycleTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void anOffBaseSecondaryIsStartedWithoutAPolicyDecision() {
        MachineLifecycle.Step step = MachineLifecycle.reconcile(Life.INITIAL, MachineRole.BASE, Optional.empty(), MachineState.OFF,
                NOW, TestControllers.TIMINGS);

        assertThat(step.commands()).containsExactly(new Command.Start(ActionKind.START_BASE, "MIN_INSTANCES keeps it on"));
    }

    @Test
    void anOffScalableSecondaryWaitsForThePolicy() {
        MachineLifecycle.Step step = MachineLifecycle.reconcile(Life.INITIAL, MachineRole.SECONDARY, Optional.empty(), MachineState.OFF,
                NOW, TestControllers.TIMINGS);

        assertThat(step.commands()).isEmpty();
    }

    @Test
    void aBaseSecondaryThatFailsToStartIsRetriedNotGivenUpOn() {
        Life starting = Life.INITIAL.enter(MachinePhase.STARTING, NOW).withFailedAttempts(MachineLifecycle.SECONDARY_START_ATTEMPTS - 1);
        var seen = new MachineLifecycle.Observed(MachineState.STARTING, Optional.of(Health.UNREACHABLE), OptionalInt.empty(), false);
        Instant late = NOW.plus(TestControllers.TIMINGS.startTimeout()).plusSeconds(1);

        MachineLifecycle.Step base = MachineLifecycle.progress(starting, MachineRole.BASE, Optional.empty(), seen, late, TestControllers.TIMINGS);
        MachineLifecycle.Step scalable = MachineLifecycle.progress(starting, MachineRole.SECONDARY, Optional.empty(), seen, late,
                TestControllers.TIMINGS);

        assertThat(base.commands()).anyMatch(c -> c instanceof Command.Start).noneMatch(c -> c instanceof Command.Stop);
        assertThat(scalable.commands()).anyMatch(c -> c instanceof Command.Stop);
    }
}
