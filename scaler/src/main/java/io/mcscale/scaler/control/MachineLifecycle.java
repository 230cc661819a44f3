package io.mcscale.scaler.control;

import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.policy.MachineRole;
import io.mcscale.scaler.collect.Health;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One machine's life, as pure state transitions: each function takes where the machine is and
 * what was observed, and returns where it goes and the {@link Command}s to carry out. The loop
 * carries them out through the actuator and feeds the results back ({@link #started},
 * {@link #startFailed}, ...). The provider's state words drive the arrows:
 * <pre>
 *                 policy UP (or failover,            ready + /api/health 200:
 *                 or a running machine adopted)      add to balancer, record ok
 *        ┌─────┐ ─────────────────────────► ┌──────────┐ ─────────────────────► ┌─────────┐
 *        │ Off │                            │ Starting │                        │ Serving │
 *        └─────┘ ◄───────────────────────── └──────────┘                        └─────────┘
 *          ▲   off again / START_TIMEOUT: record failure,            policy DOWN:  │     ▲
 *          │   retry with backoff (a secondary gives up after 3)    remove from   │     │ load returns:
 *          │                                                        balancer,     │     │ resume, back in
 *          │                                                        drain         ▼     │ the balancer
 *        ┌──────────┐  running_simulations == 0 or DRAIN_TIMEOUT:         ┌──────────┐
 *        │ Stopping │ ◄───────────────────── provider stop ────────────── │ Draining │
 *        └──────────┘   (STOP_TIMEOUT: record, stop again)                └──────────┘
 * </pre>
 * The primary is always on: whenever the provider reports it off, it is started.
 */
final class MachineLifecycle {
    static final int SECONDARY_START_ATTEMPTS = 3;

    private MachineLifecycle() {
    }

    /**
     * Where a machine is.
     *
     * @param since          when it entered its phase (the timeouts count from here)
     * @param failedAttempts failed starts in a row
     * @param retryNotBefore after a failed start, no new start before this
     * @param drainRequested whether the platform accepted the drain request (only while draining)
     */
    record Life(MachinePhase phase, Instant since, int failedAttempts, Instant retryNotBefore, boolean drainRequested) {
        static final Life INITIAL = new Life(MachinePhase.OFF, Instant.EPOCH, 0, Instant.MIN, false);

        Life enter(MachinePhase next, Instant now) {
            return new Life(next, now, failedAttempts, retryNotBefore, false);
        }

        Life withFailedAttempts(int attempts) {
            return new Life(phase, since, attempts, retryNotBefore, drainRequested);
        }
    }

    /** What the loop observed of a machine this tick. */
    record Observed(MachineState providerState, Optional<Health> health, OptionalInt runningSimulations, boolean routed) {
    }

    /** Something the loop must do for the machine; {@link Step#commands()} lists them in order. */
    sealed interface Command {
        /** Record that an action began without a provider call (a running secondary is adopted). */
        record Begin(ActionKind kind, String why) implements Command { }

        /** End the action under way, if any. */
        record End(ActionResult result, String detail) implements Command { }

        /** Ask the provider to start the machine, as a new action ({@link #started} or {@link #startFailed} follows). */
        record Start(ActionKind kind, String why) implements Command { }

        /** Ask the provider to stop the machine, as a new action ({@link #stopRequested} follows). */
        record Stop(ActionKind kind, String why) implements Command { }

        /** Ask the provider to reboot a machine that is up, as a new action; a refused reboot falls back to a stop. */
        record Reboot(String why) implements Command { }

        /** Run PLATFORM_RESTART_COMMAND for the platform on the scaler's own machine, as a new action. */
        record RestartPlatform(String why) implements Command { }

        /** Ask the provider to stop the machine within the action under way. */
        record StopAgain(String why) implements Command { }

        /** Ask the platform to drain ({@link #drainAccepted} follows when it accepts). */
        record Drain() implements Command { }

        /** Count and log a failure. */
        record Failure(String what, String detail) implements Command { }

        /** Record an action that began and ended at once. */
        record Note(ActionKind kind, ActionResult result, String detail) implements Command { }
    }

    record Step(Life next, List<Command> commands) {
        Step {
            commands = List.copyOf(commands);
        }

        static Step stay(Life life) {
            return new Step(life, List.of());
        }
    }

    /** The provider's state is the truth about power: follow it. */
    static Step reconcile(Life life, boolean primary, Optional<ActionKind> underWay, MachineState state,
            Instant now, MachineTimings timings) {
        return reconcile(life, primary ? MachineRole.PRIMARY : MachineRole.SECONDARY, underWay, state, now, timings);
    }

    /** {@link #reconcile(Life, boolean, Optional, MachineState, Instant, MachineTimings)}, where a base secondary is kept on like the primary. */
    static Step reconcile(Life life, MachineRole role, Optional<ActionKind> underWay, MachineState state,
            Instant now, MachineTimings timings) {
        boolean primary = role == MachineRole.PRIMARY;
        List<Command> commands = new ArrayList<>();
        Life next = life;
        switch (life.phase()) {
            case OFF -> {
                if (state == MachineState.STOPPING) {
                    next = life.enter(MachinePhase.STOPPING, now);
                } else if (state != MachineState.OFF) {
                    // Running, and we did not start it (or we forgot we did): adopt it. It serves once healthy
                    // and the policy drains and stops it like any other secondary.
                    if (!primary) {
                        commands.add(new Command.Begin(ActionKind.ADOPT,
                                "is " + state.word() + " and was not started by this scaler: adopting it"));
                    }
                    next = life.enter(MachinePhase.STARTING, now);
                }
            }
            case SERVING, STARTING, DRAINING -> {
                if (state == MachineState.OFF) {
                    commands.add(new Command.Failure("machine_lost", "went off while " + life.phase().word()));
                    if (underWay.isPresent()) {
                        commands.add(new Command.End(underWay.get() == ActionKind.SCALE_DOWN ? ActionResult.OK
                                : ActionResult.FAILED, "machine went off"));
                    }
                    next = (life.phase() == MachinePhase.STARTING ? backOff(life, now, timings) : life)
                            .enter(MachinePhase.OFF, now);
                } else if (state == MachineState.STOPPING && life.phase() != MachinePhase.DRAINING) {
                    next = life.enter(MachinePhase.STOPPING, now);
                }
            }
            case STOPPING -> {
                if (state == MachineState.OFF) {
                    if (underWay.isPresent()) {
                        commands.add(new Command.End(ActionResult.OK,
                                "off after " + Duration.between(life.since(), now).toSeconds() + " s stopping"));
                    }
                    next = life.enter(MachinePhase.OFF, now);
                }
            }
        }
        if (role != MachineRole.SECONDARY && next.phase() == MachinePhase.OFF && state == MachineState.OFF
                && !now.isBefore(next.retryNotBefore())) {
            commands.add(primary ? new Command.Start(ActionKind.START_PRIMARY, "the primary is always on")
                    : new Command.Start(ActionKind.START_BASE, "MIN_INSTANCES keeps it on"));
        }
        return new Step(next, commands);
    }

    /** Moves an action under way one step: a start that became healthy or timed out, a drain, a stop. */
    static Step progress(Life life, boolean primary, Optional<ActionKind> underWay, Observed seen, Instant now,
            MachineTimings timings) {
        return progress(life, primary ? MachineRole.PRIMARY : MachineRole.SECONDARY, underWay, seen, now, timings);
    }

    /** {@link #progress(Life, boolean, Optional, Observed, Instant, MachineTimings)}; a base secondary's starts are retried like the primary's. */
    static Step progress(Life life, MachineRole role, Optional<ActionKind> underWay, Observed seen, Instant now,
            MachineTimings timings) {
        Duration inPhase = Duration.between(life.since(), now);
        return switch (life.phase()) {
            case STARTING -> progressStart(life, role != MachineRole.SECONDARY, underWay, seen, inPhase, now, timings);
            case DRAINING -> progressDrain(life, seen, inPhase, now, timings);
            case STOPPING -> {
                if (inPhase.compareTo(timings.stopTimeout()) <= 0) {
                    yield Step.stay(life);
                }
                yield new Step(life.enter(MachinePhase.STOPPING, now), List.of(
                        new Command.Failure("stop_timeout", "still " + seen.providerState().word() + " after " + inPhase.toSeconds() + " s"),
                        new Command.Note(ActionKind.RETRY_STOP, ActionResult.FAILED,
                                "not off within " + timings.stopTimeout().toSeconds() + " s"),
                        new Command.StopAgain("retry after a stop timeout")));
            }
            default -> Step.stay(life);
        };
    }

    private static Step progressStart(Life life, boolean primary, Optional<ActionKind> underWay, Observed seen,
            Duration inPhase, Instant now, MachineTimings timings) {
        List<Command> commands = new ArrayList<>();
        if (isUp(seen.providerState()) && seen.health().filter(h -> h == Health.OK).isPresent()) {
            if (underWay.isPresent()) {
                commands.add(new Command.End(ActionResult.OK, "ready and healthy after " + inPhase.toSeconds() + " s"));
            }
            return new Step(life.enter(MachinePhase.SERVING, now).withFailedAttempts(0), commands);
        }
        if (inPhase.compareTo(timings.startTimeout()) <= 0) {
            return Step.stay(life);
        }
        commands.add(new Command.Failure("start_timeout", "still " + seen.providerState().word() + ", health "
                + seen.health().map(Health::word).orElse("unknown") + " after " + inPhase.toSeconds() + " s"));
        if (underWay.isPresent()) {
            commands.add(new Command.End(ActionResult.FAILED,
                    "not ready and healthy within " + timings.startTimeout().toSeconds() + " s"));
        }
        int attempts = life.failedAttempts() + 1;
        if (!primary && attempts >= SECONDARY_START_ATTEMPTS) {
            // Give up on it and stop paying for it; the policy may try again after its cooldown.
            commands.add(new Command.Stop(ActionKind.STOP_FAILED_START, "gave up after " + attempts + " failed starts"));
        } else {
            commands.add(new Command.Start(ActionKind.RETRY_START, "retry " + attempts + " after a start timeout"));
        }
        return new Step(life.withFailedAttempts(attempts), commands);
    }

    private static Step progressDrain(Life life, Observed seen, Duration inPhase, Instant now, MachineTimings timings) {
        if (seen.routed()) {
            return Step.stay(life); // still in the balancer: routing retries removing it before we drain
        }
        boolean timedOut = inPhase.compareTo(timings.drainTimeout()) >= 0;
        // A sample read before the drain request may miss a simulation accepted since, so "drained" needs a
        // read taken after the platform accepted the drain.
        boolean drained = life.drainRequested() && seen.runningSimulations().isPresent()
                && seen.runningSimulations().getAsInt() == 0;
        if (drained || timedOut) {
            String why = drained ? "drained: no running simulations" : "drain timeout after " + inPhase.toSeconds()
                    + " s with " + (seen.runningSimulations().isPresent() ? seen.runningSimulations().getAsInt() : "unknown")
                    + " running";
            return new Step(life.enter(MachinePhase.STOPPING, now), List.of(new Command.StopAgain(why)));
        }
        return life.drainRequested() ? Step.stay(life) : new Step(life, List.of(new Command.Drain()));
    }

    /**
     * Repairs an unhealthy primary at failover, the cheapest way that works. On the scaler's own
     * machine only its platform is restarted (PLATFORM_RESTART_COMMAND): the machine runs the scaler
     * and nginx, so the provider never stops or reboots it. Elsewhere a primary that is up is
     * rebooted through the provider ({@link Command.Reboot}; a refused reboot falls back to a stop,
     * and the always-on rule starts it again). One that is off is left to the always-on rule; one
     * between states is left to finish.
     */
    static Step repairPrimary(Life life, MachineState state, boolean onScalerMachine, String why) {
        if (onScalerMachine) {
            return new Step(life, List.of(new Command.RestartPlatform(why)));
        }
        boolean up = life.phase() != MachinePhase.OFF && life.phase() != MachinePhase.STOPPING && isUp(state);
        return up ? new Step(life, List.of(new Command.Reboot(why))) : Step.stay(life);
    }

    /**
     * A started machine that still reads {@code off} and has not left it since its start is waiting for Paperspace to
     * find it a host: it stays starting until {@code START_OFF_TIMEOUT_SECONDS}, then the start counts as failed (out
     * of capacity) like a machine that went off. One that left {@code off} and came back failed at once.
     */
    static boolean waitingForHost(Life life, boolean leftOffSinceStart, MachineState state, Instant now, MachineTimings timings) {
        return life.phase() == MachinePhase.STARTING && state == MachineState.OFF && !leftOffSinceStart
                && Duration.between(life.since(), now).compareTo(timings.startOffTimeout()) < 0;
    }

    // ---- results of the commands, fed back -------------------------------------------------------

    static Life started(Life life, Instant now) {
        return life.enter(MachinePhase.STARTING, now);
    }

    static Life startFailed(Life life, Instant now, MachineTimings timings) {
        return backOff(life, now, timings);
    }

    static Life stopRequested(Life life, Instant now) {
        return life.enter(MachinePhase.STOPPING, now);
    }

    static Life drainAccepted(Life life) {
        return new Life(life.phase(), life.since(), life.failedAttempts(), life.retryNotBefore(), true);
    }

    /** A scale-down begins: out of the balancer first, then the drain request. */
    static Life drainBegun(Life life, Instant now) {
        return life.enter(MachinePhase.DRAINING, now);
    }

    static Life drainCancelled(Life life, Instant now) {
        return life.enter(MachinePhase.SERVING, now);
    }

    static boolean isUp(MachineState state) {
        return state == MachineState.READY || state == MachineState.SERVICEREADY;
    }

    private static Life backOff(Life life, Instant now, MachineTimings timings) {
        int failures = Math.max(life.failedAttempts(), 1);
        return new Life(life.phase(), life.since(), failures, now.plus(timings.backoffAfter(failures)), life.drainRequested());
    }
}
