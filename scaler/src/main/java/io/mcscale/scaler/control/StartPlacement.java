package io.mcscale.scaler.control;

import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.placement.Placement;
import io.mcscale.core.placement.PlacementChoice;
import io.mcscale.core.placement.RegionPreference;
import io.mcscale.core.placement.StartAttempt;
import io.mcscale.core.placement.StartCandidate;
import io.mcscale.scaler.control.MachineLifecycle.Command;
import io.mcscale.scaler.control.MachineLifecycle.Step;
import io.mcscale.scaler.provider.Availability;
import io.mcscale.scaler.provider.CapacityException;
import io.mcscale.scaler.provider.ProviderRetry;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link Placement}'s choices for one scale-up at a time. Before each start it asks the
 * provider whether the machine's type can start in its region; it starts the chosen machine; and
 * when a try ends out of capacity (unavailable, a capacity refusal, an error event, or still
 * {@code off} past {@code START_OFF_TIMEOUT_SECONDS}) it records the try and starts the next
 * candidate at once. The move belongs to the same scale-up, so the cooldown does not hold it back.
 * Each try is an action row: {@code capacity_check}, the {@code scale_up} itself, a
 * {@code placement} row when it moves on, and a {@code provider_retry} row for each call the
 * provider retried by itself.
 *
 * <p>A machine left behind is not forgotten: it is off in the loop's eyes, so if it comes up late
 * the loop's reconcile adopts it (and the policy drains and stops it like any secondary).
 */
final class StartPlacement {
    private static final Logger log = LoggerFactory.getLogger(StartPlacement.class);

    private final Actuator actuator;
    private final MachineCommands commands;
    private final ControlRecorder recorder;
    private RegionPreference preference = RegionPreference.NONE;
    /** The scale-up under way, or null. */
    private Run run;

    private static final class Run {
        final String why;
        final boolean ignoreBackoff;
        final List<StartAttempt> tried = new ArrayList<>();
        String current;
        boolean moveOn;

        Run(String why, boolean ignoreBackoff) {
            this.why = why;
            this.ignoreBackoff = ignoreBackoff;
        }
    }

    StartPlacement(Actuator actuator, MachineCommands commands, ControlRecorder recorder) {
        this.actuator = actuator;
        this.commands = commands;
        this.recorder = recorder;
    }

    void preference(RegionPreference preference) {
        this.preference = preference;
    }

    /**
     * Puts the secondaries in the order a scale-up tries them (preferred region first, configured order within one),
     * so that the policy starts the first one off and drains the last one serving: a remote region goes first.
     */
    void order(List<ManagedMachine> machines) {
        machines.subList(1, machines.size()).sort(Comparator.comparingInt(m -> preference.rank(m.region)));
    }

    /**
     * A scale-up begins (the policy, an operator or failover): tries candidates until one start is under way or none is
     * left. Failover ignores the retry backoff, as the policy's failover does. In dry run only the policy's choice is
     * "started", since nothing is.
     */
    void begin(List<ManagedMachine> machines, ManagedMachine policyChoice, String why, boolean failover, Instant now) {
        if (actuator.dryRun()) {
            commands.carryOut(policyChoice, startStep(policyChoice, why), now);
            return;
        }
        run = new Run(why, failover);
        tryNext(machines, now);
    }

    /**
     * The machine went off (or stayed off) while starting; the loop's lifecycle has already ended its action. When it
     * is this scale-up's current try, the try is recorded and the scale-up moves on at {@link #continueRun}.
     *
     * @param waited how long it was starting
     */
    void startLost(ManagedMachine m, Duration waited, Instant now) {
        if (run == null || !m.id().equals(run.current)) {
            return;
        }
        StartAttempt.Outcome outcome;
        String reason;
        if (!m.leftOffSinceStart) {
            outcome = StartAttempt.Outcome.STAYED_OFF;
            reason = "still off " + waited.toSeconds() + " s after its start (START_OFF_TIMEOUT_SECONDS): no host found";
        } else {
            reason = actuator.startFailure(m.id()).orElse("went off while starting");
            outcome = CapacityException.saysOutOfCapacity(reason) ? StartAttempt.Outcome.CAPACITY_ERROR : StartAttempt.Outcome.FAILED;
        }
        moveOn(m, outcome, reason, now);
        run.current = null;
        run.moveOn = true;
    }

    /** After the loop's reconcile: starts the next candidate of a scale-up whose try was lost; ends a run whose machine serves. */
    void continueRun(List<ManagedMachine> machines, Instant now) {
        if (run == null) {
            return;
        }
        if (run.moveOn) {
            run.moveOn = false;
            tryNext(machines, now);
        } else if (run.current != null) {
            Optional<ManagedMachine> current = find(machines, run.current);
            if (current.isEmpty() || current.get().phase() != MachinePhase.STARTING) {
                run = null; // serving, or taken over by the lifecycle (retry, stop): the scale-up's placement is done
            }
        }
    }

    /** Records each call the provider retried by itself as a failed attempt. */
    void recordRetries(Instant now) {
        for (ProviderRetry retry : actuator.takeRetries()) {
            recorder.note(now, ActionKind.PROVIDER_RETRY, retry.machineId() == null ? "-" : retry.machineId(),
                    ActionResult.FAILED, retry.describe());
        }
    }

    private void tryNext(List<ManagedMachine> machines, Instant now) {
        for (int i = 0; i < machines.size() && run != null; i++) {
            PlacementChoice choice = Placement.next(candidates(machines, now), preference, run.tried);
            if (choice.machineId().isEmpty()) {
                if (!run.tried.isEmpty()) {
                    String last = run.tried.get(run.tried.size() - 1).machineId();
                    recorder.note(now, ActionKind.PLACEMENT, last, ActionResult.FAILED, choice.reason() + " (" + run.why + ")");
                }
                log.warn("scale-up ({}): {}", run.why, choice.reason());
                run = null;
                return;
            }
            ManagedMachine m = find(machines, choice.machineId().get()).orElseThrow();
            log.info("scale-up ({}): {}", run.why, choice.reason());
            Availability availability = actuator.availability(m.id());
            recordRetries(now);
            if (availability.status() != Availability.Status.UNKNOWN) {
                recorder.note(now, ActionKind.CAPACITY_CHECK, m.id(),
                        availability.isUnavailable() ? ActionResult.FAILED : ActionResult.OK, availability.detail());
            } else {
                log.info("starting {} without a capacity answer: {}", m.id(), availability.detail());
            }
            if (availability.isUnavailable()) {
                moveOn(m, StartAttempt.Outcome.UNAVAILABLE, availability.detail(), now);
                continue;
            }
            commands.carryOut(m, startStep(m, run.why + "; " + choice.reason()), now);
            recordRetries(now);
            if (m.phase() == MachinePhase.STARTING) {
                run.current = m.id();
                return;
            }
            String failure = m.lastStartFailure.orElse("the start failed");
            moveOn(m, CapacityException.saysOutOfCapacity(failure) ? StartAttempt.Outcome.CAPACITY_ERROR
                    : StartAttempt.Outcome.FAILED, failure, now);
        }
    }

    private void moveOn(ManagedMachine m, StartAttempt.Outcome outcome, String reason, Instant now) {
        StartCandidate candidate = candidate(m, true);
        run.tried.add(StartAttempt.of(candidate, outcome, reason));
        String where = m.region.map(r -> " in " + r).orElse("");
        if (outcome != StartAttempt.Outcome.UNAVAILABLE) {
            recorder.note(now, ActionKind.PLACEMENT, m.id(), ActionResult.FAILED,
                    m.id() + where + ": " + outcome.word() + " (" + reason + "); trying the next candidate");
        }
        log.warn("scale-up ({}): {}{} {}: {}", run.why, m.id(), where, outcome.word(), reason);
    }

    private List<StartCandidate> candidates(List<ManagedMachine> machines, Instant now) {
        List<StartCandidate> candidates = new ArrayList<>();
        for (ManagedMachine m : machines.subList(1, machines.size())) {
            boolean off = m.phase() == MachinePhase.OFF;
            boolean ready = run.ignoreBackoff || !now.isBefore(m.life.retryNotBefore());
            candidates.add(candidate(m, off && ready));
        }
        return candidates;
    }

    private static StartCandidate candidate(ManagedMachine m, boolean startable) {
        return new StartCandidate(m.id(), m.region, m.machineType, startable);
    }

    private static Step startStep(ManagedMachine m, String why) {
        return new Step(m.life, List.of(new Command.Start(ActionKind.SCALE_UP, why)));
    }

    private static Optional<ManagedMachine> find(List<ManagedMachine> machines, String id) {
        return machines.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
