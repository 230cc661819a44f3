package io.mcscale.scaler.provider.paperspace;

import io.mcscale.core.model.Backend;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.provider.Availability;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.provider.ProviderRetry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Machines on Paperspace, through {@link PaperspaceClient}.
 *
 * <p>Start and stop look before they act: a machine that is {@code starting} or {@code ready} is
 * never started again, one that is {@code off} or {@code stopping} is never stopped again, and a
 * machine in between (e.g. stopping when asked to start) is waited for until it settles. After a
 * start or stop that failed or whose answer was lost (5xx, dropped connection), the machine is
 * read again before anything is re-sent (at most {@value #MAX_SENDS} sends), so a retry cannot
 * start a machine twice, and a machine someone else started meanwhile is simply waited for.
 *
 * <p>Waiting watches both the machine and the action's event: an event that ends in
 * {@code error} fails at once with Paperspace's reason (e.g. "insufficient capacity"); a machine
 * not there by the deadline fails with its last state. Polls back off from 1 s to {@code maxPoll}.
 *
 * <p>A start that is not waited for keeps its event, so {@link #startFailure} can tell later why the
 * machine fell back to {@code off}; {@link #availability} asks {@code /machine-availability} for the
 * machine's own type and region.
 */
public final class PaperspaceProvider implements MachineProvider {
    private static final Logger log = LoggerFactory.getLogger(PaperspaceProvider.class);
    private static final int MAX_SENDS = 3;
    private static final Duration FIRST_POLL = Duration.ofSeconds(1);

    private final PaperspaceClient client;
    private final Map<String, Backend> platformAddresses;
    private final int platformPort;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final Duration maxPoll;
    private final Map<String, String> lastStartEvents = new ConcurrentHashMap<>();

    /**
     * @param platformAddresses the platform's address per machine id, from PRIMARY_URL / SECONDARY_URL;
     *                          machines not in it are reached at {@code privateIp:platformPort}
     */
    public PaperspaceProvider(PaperspaceClient client, Map<String, Backend> platformAddresses, int platformPort,
            InstantSource clock, Sleeper sleeper, Duration maxPoll) {
        this.client = client;
        this.platformAddresses = Map.copyOf(platformAddresses);
        this.platformPort = platformPort;
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxPoll = maxPoll;
    }

    @Override
    public String name() {
        return "paperspace";
    }

    @Override
    public MachineInfo describe(String machineId) throws ProviderException {
        return info(client.getMachine(machineId));
    }

    @Override
    public Availability availability(String machineId) throws ProviderException {
        PaperspaceMachine machine = client.getMachine(machineId);
        if (isBlank(machine.machineType()) || isBlank(machine.region())) {
            return Availability.unknown("Paperspace reports no machine type or region for " + machineId);
        }
        String asked = machine.machineType() + " in " + machine.region();
        return client.isAvailable(machine.machineType(), machine.region())
                ? new Availability(Availability.Status.AVAILABLE, asked + ": available")
                : new Availability(Availability.Status.UNAVAILABLE, asked + ": unavailable, says /machine-availability");
    }

    @Override
    public Optional<String> startFailure(String machineId) throws ProviderException {
        String eventId = lastStartEvents.get(machineId);
        if (eventId == null) {
            return Optional.empty();
        }
        PaperspaceEvent event = client.getEvent(eventId);
        if (!event.failed()) {
            return Optional.empty();
        }
        return Optional.of(event.error() == null ? "its start event ended in '" + event.state() + "'" : event.error());
    }

    @Override
    public List<ProviderRetry> takeRetries() {
        return client.takeRetries();
    }

    @Override
    public MachineInfo start(String machineId, Duration waitUpTo) throws ProviderException {
        return drive(machineId, Goal.START, waitUpTo);
    }

    @Override
    public MachineInfo stop(String machineId, Duration waitUpTo) throws ProviderException {
        return drive(machineId, Goal.STOP, waitUpTo);
    }

    /**
     * {@code PATCH /machines/{id}/restart}: a reboot of a machine that is up. It is sent once (the client retries only
     * a 429, which Paperspace sends before doing anything), never to a machine that is not up, and the wait ends when
     * the restart's event is done and the machine is ready again.
     */
    @Override
    public MachineInfo restart(String machineId, Duration waitUpTo) throws ProviderException {
        Instant deadline = clock.instant().plus(waitUpTo);
        PaperspaceMachine machine = client.getMachine(machineId);
        MachineState state = state(machine);
        if (state != MachineState.READY && state != MachineState.SERVICEREADY) {
            throw new ProviderException("machine " + machineId + " is " + state.word()
                    + ", not up: a restart needs a running machine; start it instead", false);
        }
        log.info("restarting machine {} (it is {})", machineId, state.word());
        MachineAction action = client.restart(machineId);
        if (action.machine().state() != null) {
            machine = action.machine();
        }
        PaperspaceEvent event = action.event();
        Duration poll = FIRST_POLL;
        while (!waitUpTo.isZero()) {
            if (event != null) {
                event = client.getEvent(event.id());
                if (event.failed()) {
                    throw new ProviderException("Paperspace could not restart machine " + machineId + ": "
                            + (event.error() == null ? "its event ended in '" + event.state() + "'" : event.error())
                            + " (event " + event.id() + ")", false);
                }
            }
            machine = client.getMachine(machineId);
            if (state(machine) == MachineState.READY && (event == null || event.done())) {
                log.info("machine {} is ready after its restart", machineId);
                break;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new ProviderException("machine " + machineId + " was not ready within " + waitUpTo.toSeconds()
                        + " s of its restart; it is " + state(machine).word() + ". Check it in the Paperspace console", false);
            }
            Duration remaining = Duration.between(now, deadline);
            pause(poll.compareTo(remaining) < 0 ? poll : remaining);
            poll = poll.multipliedBy(2).compareTo(maxPoll) < 0 ? poll.multipliedBy(2) : maxPoll;
        }
        return info(machine);
    }

    /** What start and stop each want: where they end, which states they act from, which mean "already on the way". */
    private enum Goal {
        START("start", "started", MachineState.READY, Set.of(MachineState.OFF), "ready"),
        STOP("stop", "stopped", MachineState.OFF, Set.of(MachineState.READY, MachineState.SERVICEREADY), "off");

        final String verb;
        final String pastTense;
        final MachineState target;
        final Set<MachineState> actFrom;
        final String targetWord;

        Goal(String verb, String pastTense, MachineState target, Set<MachineState> actFrom, String targetWord) {
            this.verb = verb;
            this.pastTense = pastTense;
            this.target = target;
            this.actFrom = actFrom;
            this.targetWord = targetWord;
        }
    }

    private MachineInfo drive(String machineId, Goal goal, Duration waitUpTo) throws ProviderException {
        Instant deadline = clock.instant().plus(waitUpTo);
        PaperspaceMachine machine = client.getMachine(machineId);
        PaperspaceEvent event = null;
        boolean sent = false;
        int sends = 0;
        Duration poll = FIRST_POLL;
        while (true) {
            MachineState state = state(machine);
            if (state == goal.target) {
                log.info("machine {} is {}", machineId, goal.targetWord);
                return info(machine);
            }
            if (event != null) {
                event = client.getEvent(event.id());
                if (event.failed()) {
                    throw new ProviderException("Paperspace could not " + goal.verb + " machine " + machineId + ": "
                            + (event.error() == null ? "its " + event.name() + " event ended in '" + event.state() + "'" : event.error())
                            + " (event " + event.id() + ")", false);
                }
            }
            if (!sent && goal.actFrom.contains(state)) {
                sends++;
                try {
                    log.info("{} machine {} (it is {})", goal == Goal.START ? "starting" : "stopping", machineId, state.word());
                    MachineAction action = goal == Goal.START ? client.start(machineId) : client.stop(machineId);
                    sent = true;
                    event = action.event();
                    if (goal == Goal.START && event != null) {
                        lastStartEvents.put(machineId, event.id());
                    }
                    if (action.machine().state() != null) {
                        machine = action.machine();
                    }
                } catch (ProviderException e) {
                    // The answer was lost (5xx, dropped connection) or refused because the machine moved meanwhile
                    // (someone used the console): the machine, not the error, says whether there is still something to do.
                    machine = client.getMachine(machineId);
                    boolean stillToDo = goal.actFrom.contains(state(machine));
                    if (stillToDo && (!e.isRetryable() || sends >= MAX_SENDS)) {
                        throw e;
                    }
                    log.warn("{} of machine {} failed ({}); it is now {}", goal.verb, machineId, e.getMessage(), machine.state());
                    if (stillToDo) {
                        pause(poll);
                    }
                    continue;
                }
                if (sent && waitUpTo.isZero()) {
                    return info(machine);
                }
            } else if (waitUpTo.isZero()) {
                return info(machine);
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new ProviderException("machine " + machineId + " was not " + goal.targetWord + " within "
                        + waitUpTo.toSeconds() + " s of being " + (sent ? goal.pastTense : "asked to " + goal.verb)
                        + "; it is " + state.word() + ". Check it in the Paperspace console", false);
            }
            Duration remaining = Duration.between(now, deadline);
            pause(poll.compareTo(remaining) < 0 ? poll : remaining);
            poll = poll.multipliedBy(2).compareTo(maxPoll) < 0 ? poll.multipliedBy(2) : maxPoll;
            machine = client.getMachine(machineId);
        }
    }

    private MachineInfo info(PaperspaceMachine machine) throws ProviderException {
        return new MachineInfo(machine.id(), machine.name(), state(machine), platformAddress(machine),
                machine.usageRate(), machine.storageRate(), optional(machine.region()), optional(machine.machineType()));
    }

    private Optional<String> platformAddress(PaperspaceMachine machine) {
        Backend configured = platformAddresses.get(machine.id());
        if (configured != null) {
            return Optional.of(configured.toString());
        }
        if (machine.privateIp() == null || machine.privateIp().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(machine.privateIp() + ":" + platformPort);
    }

    private static MachineState state(PaperspaceMachine machine) throws ProviderException {
        try {
            return MachineState.fromWord(machine.state());
        } catch (IllegalArgumentException e) {
            throw new ProviderException("Paperspace reports machine " + machine.id() + " in state '" + machine.state()
                    + "', which mcscale does not know; check it in the Paperspace console", false);
        }
    }

    private void pause(Duration duration) throws ProviderException {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for a Paperspace machine", true, e);
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static Optional<String> optional(String text) {
        return isBlank(text) ? Optional.empty() : Optional.of(text);
    }
}
