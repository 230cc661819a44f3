package io.mcscale.scaler.control;

import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.control.MachineLifecycle.Command;
import io.mcscale.scaler.control.MachineLifecycle.Step;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionResult;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link MachineLifecycle}'s commands for one machine at a time: each change through
 * the {@link Actuator}, each action and failure into the {@link ControlRecorder}, and each result
 * fed back into the machine's life. An action is recorded only when the actuator did not skip it
 * (dry run), so a dry run leaves no action behind.
 */
final class MachineCommands {
    private static final Logger log = LoggerFactory.getLogger(MachineCommands.class);

    private final Actuator actuator;
    private final ControlRecorder recorder;
    private final MachineTimings timings;

    MachineCommands(Actuator actuator, ControlRecorder recorder, MachineTimings timings) {
        this.actuator = actuator;
        this.recorder = recorder;
        this.timings = timings;
    }

    /** Carries out a lifecycle step's commands in order, feeding each result back into the machine's life. */
    void carryOut(ManagedMachine m, Step step, Instant now) {
        m.life = step.next();
        for (Command command : step.commands()) {
            if (command instanceof Command.Begin begin) {
                beginAction(m, now, begin.kind());
                log.info("{} {} {}", m.role.word(), m.id(), begin.why());
            } else if (command instanceof Command.End end) {
                endAction(m, now, end.result(), end.detail());
            } else if (command instanceof Command.Start start) {
                startMachine(m, now, start);
            } else if (command instanceof Command.Stop stop) {
                stopMachine(m, now, stop);
            } else if (command instanceof Command.Reboot reboot) {
                rebootMachine(m, now, reboot);
            } else if (command instanceof Command.RestartPlatform restart) {
                restartPlatform(m, now, restart);
            } else if (command instanceof Command.StopAgain again) {
                log.info("stopping {} {}: {}", m.role.word(), m.id(), again.why());
                stopped(m, actuator.stop(m.id()));
            } else if (command instanceof Command.Drain) {
                requestDrain(m);
            } else if (command instanceof Command.Failure failure) {
                recorder.failure(failure.what(), m.id() + " " + failure.detail());
            } else if (command instanceof Command.Note note) {
                recorder.note(now, note.kind(), m.id(), note.result(), note.detail());
            }
        }
    }

    private void startMachine(ManagedMachine m, Instant now, Command.Start start) {
        Actuator.Outcome outcome = actuator.start(m.id());
        if (outcome.status() == Actuator.Outcome.Status.SKIPPED) {
            return;
        }
        beginAction(m, now, start.kind());
        log.info("starting {} {}: {}", m.role.word(), m.id(), start.why());
        if (outcome.isDone()) {
            outcome.state().ifPresent(state -> m.providerState = state);
            m.leftOffSinceStart = m.providerState != MachineState.OFF;
            m.lastStartFailure = Optional.empty();
            m.life = MachineLifecycle.started(m.life, now);
        } else {
            m.lastStartFailure = Optional.of(outcome.failure());
            recorder.failure("provider_start", m.id() + ": " + outcome.failure());
            endAction(m, now, ActionResult.FAILED, outcome.failure());
            m.life = MachineLifecycle.startFailed(m.life, now, timings);
        }
    }

    private void stopMachine(ManagedMachine m, Instant now, Command.Stop stop) {
        Actuator.Outcome outcome = actuator.stop(m.id());
        if (outcome.status() == Actuator.Outcome.Status.SKIPPED) {
            return;
        }
        beginAction(m, now, stop.kind());
        log.info("stopping {} {}: {}", m.role.word(), m.id(), stop.why());
        stopped(m, outcome);
        m.life = MachineLifecycle.stopRequested(m.life, now);
    }

    /** The provider's restart; if the provider cannot do it, stop instead and let the always-on rule start it. */
    private void rebootMachine(ManagedMachine m, Instant now, Command.Reboot reboot) {
        Actuator.Outcome outcome = actuator.restart(m.id());
        if (outcome.status() == Actuator.Outcome.Status.SKIPPED) {
            return;
        }
        beginAction(m, now, ActionKind.REBOOT_PRIMARY);
        if (outcome.isDone()) {
            outcome.state().ifPresent(state -> m.providerState = state);
            log.info("rebooting {} {} through the provider: {}", m.role.word(), m.id(), reboot.why());
            endAction(m, now, ActionResult.OK, "the machine is up, so it is rebooted in place: " + reboot.why());
            return;
        }
        recorder.failure("provider_restart", m.id() + ": " + outcome.failure());
        endAction(m, now, ActionResult.FAILED, "the provider's restart failed (" + outcome.failure() + "); stopping it instead");
        stopMachine(m, now, new Command.Stop(ActionKind.RESTART_PRIMARY,
                "its restart failed, so stop it and start it again: " + reboot.why()));
    }

    /** PLATFORM_RESTART_COMMAND: the platform on the scaler's own machine, which the provider must never stop. */
    private void restartPlatform(ManagedMachine m, Instant now, Command.RestartPlatform restart) {
        Actuator.Outcome outcome = actuator.restartPlatform();
        if (outcome.status() == Actuator.Outcome.Status.SKIPPED) {
            return;
        }
        beginAction(m, now, ActionKind.RESTART_PLATFORM);
        log.info("restarting the platform of {} {} on this machine: {}", m.role.word(), m.id(), restart.why());
        if (outcome.isDone()) {
            endAction(m, now, ActionResult.OK, "the scaler runs on this machine, so only its platform is restarted "
                    + "(PLATFORM_RESTART_COMMAND): " + restart.why());
        } else {
            recorder.failure("platform_restart", m.id() + ": " + outcome.failure());
            endAction(m, now, ActionResult.FAILED, "PLATFORM_RESTART_COMMAND failed: " + outcome.failure());
        }
    }

    private void requestDrain(ManagedMachine m) {
        if (m.backend.isEmpty()) {
            return; // nothing to ask: the drain timeout stops it
        }
        Actuator.Outcome outcome = actuator.drain(m.backend.get());
        if (outcome.isDone()) {
            m.life = MachineLifecycle.drainAccepted(m.life);
            log.info("draining {} {}", m.role.word(), m.id());
        } else if (outcome.isFailed()) {
            recorder.failure("drain", m.id() + ": " + outcome.failure());
        }
    }

    private void stopped(ManagedMachine m, Actuator.Outcome outcome) {
        outcome.state().ifPresent(state -> m.providerState = state);
        if (outcome.isFailed()) {
            // Stays in Stopping: the stop timeout retries it.
            recorder.failure("provider_stop", m.id() + ": " + outcome.failure());
        }
    }

    void beginAction(ManagedMachine m, Instant now, ActionKind kind) {
        endAction(m, now, ActionResult.SUPERSEDED, "a new " + kind.word() + " began");
        m.actionId = recorder.actionStarted(now, kind, m.id());
        m.actionKind = Optional.of(kind);
    }

    void endAction(ManagedMachine m, Instant now, ActionResult result, String detail) {
        if (m.actionId < 0) {
            return;
        }
        recorder.actionEnded(m.actionId, m.actionKind.orElseThrow(), m.id(), now, result, detail);
        m.actionId = -1;
        m.actionKind = Optional.empty();
    }
}
