package io.mcscale.scaler.control;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.cost.MonthCost;
import io.mcscale.core.model.Backend;
import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.model.MetricSample;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision;
import io.mcscale.core.policy.PolicyResult;
import io.mcscale.core.policy.PolicyState;
import io.mcscale.core.policy.ScalingPolicy;
import io.mcscale.scaler.balancer.Balancer;
import io.mcscale.scaler.balancer.BalancerException;
import io.mcscale.scaler.collect.Health;
import io.mcscale.scaler.collect.MetricsRead;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.OpsSettings;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.EventStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler's control loop. Each {@link #tick(Instant)}: reconcile every machine with the
 * provider → read metrics and health of the serving ones → move actions under way one step →
 * failover check → operator requests → {@link ScalingPolicy#evaluate} → act → point the balancer
 * at the serving machines. The time is an argument: only the daemon edge holds a clock, and tests
 * hand in a {@code MutableClock}'s instants. A tick never blocks on a machine: it asks the provider
 * to start or stop with no wait and looks again next tick, so every wait is a phase with a timeout.
 *
 * <p>Each machine moves through these phases (the provider's state words drive the arrows):
 * <pre>
 *                 policy UP (or failover,            ready + /api/health 200:
 *                 or a running machine adopted)      add to balancer, record ok
 *        ┌─────┐ ─────────────────────────► ┌──────────┐ ─────────────────────► ┌─────────┐
 *        │ Off │                            │ Starting │                        │ Serving │
 *        └─────┘ ◄───────────────────────── └──────────┘                        └─────────┘
 *          ▲   off again / START_TIMEOUT: record failure,            policy DOWN:  │     ▲
 *          │   retry with backoff (a secondary gives up after 3)    remove from   │     │ load rises:
 *          │                                                        balancer,     │     │ resume, back in
 *          │                                                        drain         ▼     │ the balancer
 *        ┌──────────┐  running_simulations == 0 or DRAIN_TIMEOUT:         ┌──────────┐
 *        │ Stopping │ ◄───────────────────── provider stop ────────────── │ Draining │
 *        └──────────┘   (STOP_TIMEOUT: record, stop again)                └──────────┘
 * </pre>
 * The group has two modes. <b>Normal</b>: the policy decides; the primary is never stopped by it,
 * and is started whenever the provider reports it off (it is always on). <b>Failover</b>: entered
 * when the primary fails {@code HEALTH_FAILURES_FOR_FAILOVER} health checks in a row (or by
 * {@code mcscale failover}); a secondary starts at once, ignoring the cooldown, all traffic goes to
 * the secondaries, and the primary is restarted through the provider. When the primary answers
 * healthy again the group returns to normal and the policy later drains the extra secondary.
 *
 * <p>Nothing is kept only in memory: every decision, action and state change goes to the
 * {@link EventStore}, and on its first tick the controller rebuilds its phases from the provider's
 * states and the actions a previous run left unfinished.
 */
public final class AutoscalerController {
    private static final Logger log = LoggerFactory.getLogger(AutoscalerController.class);
    private static final int SECONDARY_START_ATTEMPTS = 3;

    private final ScalingPolicy policy;
    private final MachineProvider provider;
    private final Balancer balancer;
    private final PlatformClient platforms;
    private final EventStore store;
    private final ControlTimings timings;
    private final ControlMetrics metrics;
    private final OpsSettings ops;
    private final List<ManagedMachine> machines = new ArrayList<>();
    private final ConcurrentLinkedQueue<ManualRequest> requests = new ConcurrentLinkedQueue<>();

    private PolicyState policyState = PolicyState.INITIAL;
    private boolean recovered;
    private boolean failover;
    private long failoverActionId = -1;
    private boolean primaryEverServed;
    private List<Backend> routed;
    private MetricsReading lastReading;
    private ScaleDecision lastDecision = ScaleDecision.none(List.of("no evaluation yet"));
    private Instant lastDecisionAt = Instant.EPOCH;
    private volatile ControllerSnapshot snapshot = ControllerSnapshot.initial();
    private volatile Runnable wakeUp = () -> { };

    public AutoscalerController(InstanceGroup group, ScalingPolicy policy, MachineProvider provider, Balancer balancer,
            PlatformClient platforms, EventStore store, ControlTimings timings, ControlMetrics metrics) {
        this(group, policy, provider, balancer, platforms, store, timings, metrics,
                new OpsSettings(OptionalDouble.empty(), 0.51, 5));
    }

    /** With {@code ops}: the budget guard (MONTHLY_BUDGET_USD) and the cost metrics use its rates. */
    public AutoscalerController(InstanceGroup group, ScalingPolicy policy, MachineProvider provider, Balancer balancer,
            PlatformClient platforms, EventStore store, ControlTimings timings, ControlMetrics metrics, OpsSettings ops) {
        this.ops = ops;
        this.policy = policy;
        this.provider = provider;
        this.balancer = balancer;
        this.platforms = platforms;
        this.store = store;
        this.timings = timings;
        this.metrics = metrics;
        machines.add(new ManagedMachine(group.primary(), true));
        group.secondaries().forEach(spec -> machines.add(new ManagedMachine(spec, false)));
    }

    /** What the last tick saw; safe to call from any thread. */
    public ControllerSnapshot snapshot() {
        return snapshot;
    }

    /** Queues an operator's request for the next tick and wakes the loop; safe from any thread. */
    public ManualRequest submit(ManualRequest request) {
        requests.add(request);
        wakeUp.run();
        return request;
    }

    /** The daemon sets this so that a queued request is handled at once instead of at the next poll. */
    public void onRequest(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /** One pass of the loop at {@code now}. Never throws for a machine's failure: it is recorded and retried. */
    public void tick(Instant now) {
        if (!recovered) {
            recover(now);
            recovered = true;
        }
        for (ManagedMachine m : machines) {
            reconcile(m, now);
        }
        for (ManagedMachine m : machines) {
            collect(m, now);
        }
        for (ManagedMachine m : machines) {
            progress(m, now);
        }
        checkFailover(now);
        boolean manual = handleRequests(now);
        if (!manual) {
            evaluate(now);
        }
        route(now);
        publish(now);
    }

    // ---- recovery after a restart of the scaler -------------------------------------------------

    private void recover(Instant now) {
        policyState = new PolicyState(Optional.empty(), store.lastSuccessfulScalingAction());
        for (ActionRecord action : store.unfinishedActions()) {
            Optional<ManagedMachine> machine = machines.stream().filter(m -> m.id().equals(action.machineId())).findFirst();
            if (machine.isEmpty() || action.kind().equals("failover")) {
                // Failover is re-detected from the primary's health (it served before, so its failures count).
                primaryEverServed |= action.kind().equals("failover");
                store.actionEnded(action.id(), now, "interrupted", "scaler restarted during the action");
                continue;
            }
            ManagedMachine m = machine.get();
            describe(m, now);
            m.actionId = action.id();
            m.actionKind = action.kind();
            switch (m.providerState) {
                case OFF -> {
                    String result = action.kind().equals("scale_down") ? "ok" : "interrupted";
                    endAction(m, now, result, "found off after a restart of the scaler");
                }
                case STOPPING -> m.enter(Phase.STOPPING, action.startedAt());
                default -> {
                    if (action.kind().equals("scale_down")) {
                        // Continue the drain where it was: the drain timeout counts from the original start.
                        m.enter(Phase.DRAINING, action.startedAt());
                    } else {
                        m.enter(Phase.STARTING, now);
                    }
                }
            }
            log.info("recovered unfinished {} of {}: now {}", action.kind(), m.id(), m.phase.word());
        }
    }

    // ---- reconcile: the provider's word is the truth about power state ---------------------------

    private void reconcile(ManagedMachine m, Instant now) {
        if (!describe(m, now)) {
            return;
        }
        MachineState state = m.providerState;
        switch (m.phase) {
            case OFF -> {
                if (state == MachineState.STOPPING) {
                    m.enter(Phase.STOPPING, now);
                } else if (state != MachineState.OFF) {
                    // Running, and we did not start it (or we forgot we did): adopt it. It serves once healthy
                    // and the policy drains and stops it like any other secondary.
                    if (!m.primary) {
                        m.actionId = store.actionStarted(now, "adopt", m.id());
                        m.actionKind = "adopt";
                        log.info("secondary {} is {} and was not started by this scaler: adopting it", m.id(), state.word());
                    }
                    m.enter(Phase.STARTING, now);
                }
            }
            case SERVING, STARTING, DRAINING -> {
                if (state == MachineState.OFF) {
                    boolean wasStarting = m.phase == Phase.STARTING;
                    recordFailure("machine_lost", m.id() + " went off while " + m.phase.word());
                    if (m.actionId >= 0) {
                        endAction(m, now, m.actionKind.equals("scale_down") ? "ok" : "failed", "machine went off");
                    }
                    if (wasStarting) {
                        backOff(m, now);
                    }
                    m.enter(Phase.OFF, now);
                } else if (state == MachineState.STOPPING && m.phase != Phase.DRAINING) {
                    m.enter(Phase.STOPPING, now);
                }
            }
            case STOPPING -> {
                if (state == MachineState.OFF) {
                    if (m.actionId >= 0) {
                        endAction(m, now, "ok", "off after " + Duration.between(m.phaseSince, now).toSeconds() + " s stopping");
                    }
                    m.enter(Phase.OFF, now);
                }
            }
        }
        if (m.primary && m.phase == Phase.OFF && m.providerState == MachineState.OFF && !now.isBefore(m.retryNotBefore)) {
            startMachine(m, now, "start_primary", "the primary is always on");
        }
    }

    private boolean describe(ManagedMachine m, Instant now) {
        try {
            MachineInfo info = provider.describe(m.id());
            m.providerState = info.state();
            m.hourlyRateUsd = info.usageRateUsdPerHour();
            if (m.backend.isEmpty() && info.platformAddress().isPresent()) {
                m.backend = Optional.of(Backend.parse(info.platformAddress().get()));
            }
            if (store.recordState(now, m.id(), info.state())) {
                log.info("{} {} is now {}", m.role(), m.id(), info.state().word());
            }
            return true;
        } catch (ProviderException | IllegalArgumentException e) {
            recordFailure("provider_describe", m.id() + ": " + e.getMessage());
            return false;
        }
    }

    // ---- collect: metrics and health of the machines that run a platform -------------------------

    private void collect(ManagedMachine m, Instant now) {
        m.lastSample = Optional.empty();
        if (m.phase == Phase.OFF || m.phase == Phase.STOPPING || m.backend.isEmpty()) {
            m.lastHealth = m.phase == Phase.OFF ? "off" : m.lastHealth;
            if (m.primary && m.phase == Phase.OFF && primaryEverServed) {
                m.healthFailures++;
            }
            return;
        }
        Backend backend = m.backend.get();
        Health health = platforms.health(backend);
        m.lastHealth = health.name().toLowerCase(Locale.ROOT);
        boolean failed = health == Health.UNREACHABLE || health == Health.UNHEALTHY;
        // A starting machine that answers healthy serves from this tick on, so its metrics count already.
        if (m.phase == Phase.SERVING || m.phase == Phase.DRAINING || (m.phase == Phase.STARTING && health == Health.OK)) {
            MetricsRead read = platforms.metrics(backend);
            if (read instanceof MetricsRead.Ok ok) {
                m.lastSample = Optional.of(ok.sample());
                m.metricsFailures = 0;
            } else {
                m.metricsFailures++;
                m.lastFailure = ((MetricsRead.Failed) read).reason();
                recordFailure("metrics_read", m.id() + ": " + m.lastFailure);
                if (m.metricsFailures == timings.healthFailuresForFailover()) {
                    instantAction(now, "health_event", m.id(), "failed",
                            m.metricsFailures + " failed metrics reads in a row: " + m.lastFailure);
                }
            }
        }
        if (m.phase == Phase.SERVING || (m.primary && primaryEverServed)) {
            m.healthFailures = failed ? m.healthFailures + 1 : 0;
        }
    }

    // ---- progress: move each action under way one step ------------------------------------------

    private void progress(ManagedMachine m, Instant now) {
        Duration inPhase = Duration.between(m.phaseSince, now);
        switch (m.phase) {
            case STARTING -> {
                if (isUp(m.providerState) && "ok".equals(m.lastHealth)) {
                    m.enter(Phase.SERVING, now);
                    m.failedAttempts = 0;
                    m.healthFailures = 0;
                    if (m.primary) {
                        primaryEverServed = true;
                    }
                    if (m.actionId >= 0) {
                        endAction(m, now, "ok", "ready and healthy after " + inPhase.toSeconds() + " s");
                    }
                    log.info("{} {} is serving at {}", m.role(), m.id(), m.backend.map(Backend::toString).orElse("?"));
                } else if (inPhase.compareTo(timings.startTimeout()) > 0) {
                    recordFailure("start_timeout", m.id() + " still " + m.providerState.word() + ", health "
                            + m.lastHealth + " after " + inPhase.toSeconds() + " s");
                    if (m.actionId >= 0) {
                        endAction(m, now, "failed", "not ready and healthy within " + timings.startTimeout().toSeconds() + " s");
                    }
                    m.failedAttempts++;
                    if (!m.primary && m.failedAttempts >= SECONDARY_START_ATTEMPTS) {
                        // Give up on it and stop paying for it; the policy may try again after its cooldown.
                        stopMachine(m, now, "stop_failed_start", "gave up after " + m.failedAttempts + " failed starts");
                    } else {
                        startMachine(m, now, "retry_start", "retry " + m.failedAttempts + " after a start timeout");
                    }
                }
            }
            case DRAINING -> progressDrain(m, now, inPhase);
            case STOPPING -> {
                if (inPhase.compareTo(timings.stopTimeout()) > 0) {
                    recordFailure("stop_timeout", m.id() + " still " + m.providerState.word() + " after " + inPhase.toSeconds() + " s");
                    instantAction(now, "retry_stop", m.id(), "failed", "not off within " + timings.stopTimeout().toSeconds() + " s");
                    if (!timings.dryRun()) {
                        callStop(m);
                    }
                    m.enter(Phase.STOPPING, now);
                }
            }
            default -> {
            }
        }
    }

    private void progressDrain(ManagedMachine m, Instant now, Duration inPhase) {
        if (m.backend.isPresent() && routed != null && routed.contains(m.backend.get())) {
            return; // still in the balancer: route() retries removing it before we drain
        }
        if (!m.drainRequested && m.backend.isPresent()) {
            try {
                platforms.drain(m.backend.get());
                m.drainRequested = true;
                log.info("draining {} {}", m.role(), m.id());
            } catch (IOException e) {
                recordFailure("drain", m.id() + ": " + e.getMessage());
            }
        }
        Optional<Integer> running = m.lastSample.flatMap(s -> s.runningSimulations().isPresent()
                ? Optional.of(s.runningSimulations().getAsInt()) : Optional.empty());
        boolean drained = m.drainRequested && running.filter(n -> n == 0).isPresent();
        boolean timedOut = inPhase.compareTo(timings.drainTimeout()) >= 0;
        if (drained || timedOut) {
            String why = drained ? "drained: no running simulations" : "drain timeout after " + inPhase.toSeconds()
                    + " s with " + running.map(String::valueOf).orElse("unknown") + " running";
            log.info("stopping {} {}: {}", m.role(), m.id(), why);
            callStop(m);
            m.enter(Phase.STOPPING, now);
        }
    }

    // ---- failover --------------------------------------------------------------------------------

    private void checkFailover(Instant now) {
        ManagedMachine primary = machines.get(0);
        if (!failover && primaryEverServed && primary.healthFailures >= timings.healthFailuresForFailover()) {
            enterFailover(now, primary.healthFailures, "primary failed " + primary.healthFailures + " health checks in a row");
        } else if (failover && primary.phase == Phase.SERVING && primary.healthFailures == 0) {
            failover = false;
            store.actionEnded(failoverActionId, now, "ok", "primary healthy again");
            metrics.actions.labelValues("failover", "ok").inc();
            log.info("primary {} is healthy again: back to the normal policy", primary.id());
        }
    }

    private void enterFailover(Instant now, int failures, String why) {
        ManagedMachine primary = machines.get(0);
        failover = true;
        failoverActionId = store.actionStarted(now, "failover", primary.id());
        PolicyResult result = policy.failover(policyState, activeInstances(), failures, now);
        recordDecision(now, result.decision(), Map.of("primary_health_failures", failures));
        log.warn("failover: {}", why);
        boolean haveSecondary = machines.stream().anyMatch(m -> !m.primary
                && (m.phase == Phase.SERVING || m.phase == Phase.STARTING || m.phase == Phase.DRAINING));
        if (haveSecondary) {
            machines.stream().filter(m -> !m.primary && m.phase == Phase.DRAINING).findFirst()
                    .ifPresent(m -> cancelDrain(m, now, "failover"));
        } else if (result.decision().isAction()) {
            policyState = result.next();
            firstOffSecondary(now, true).ifPresent(m -> startMachine(m, now, "scale_up", "failover"));
        }
        // Restart the primary: a process that is up but unhealthy is stopped; the always-on rule starts it once off.
        if (primary.phase != Phase.OFF && primary.phase != Phase.STOPPING && isUp(primary.providerState)) {
            stopMachine(primary, now, "restart_primary", why);
        }
    }

    // ---- operator requests -----------------------------------------------------------------------

    private boolean handleRequests(Instant now) {
        boolean handled = false;
        ManualRequest request;
        while ((request = requests.poll()) != null) {
            handled = true;
            ManualRequest.Outcome outcome;
            try {
                outcome = handle(request, now);
            } catch (RuntimeException e) {
                outcome = new ManualRequest.Outcome(false, "failed: " + e.getMessage());
            }
            log.info("operator request {}{}: {}", request.kind().name().toLowerCase(Locale.ROOT),
                    request.force() ? " --force" : "", outcome.message());
            request.outcome().complete(outcome);
        }
        return handled;
    }

    private ManualRequest.Outcome handle(ManualRequest request, Instant now) {
        if (request.kind() == ManualRequest.Kind.FAILOVER) {
            if (failover) {
                return new ManualRequest.Outcome(false, "already failed over");
            }
            enterFailover(now, machines.get(0).healthFailures, "manual failover");
            return new ManualRequest.Outcome(true, "failing over: secondary starting, primary restarting");
        }
        Duration cooldown = policy.cooldownLeft(policyState, now);
        if (!request.force() && !cooldown.isZero()) {
            return new ManualRequest.Outcome(false, "cooldown " + (cooldown.toMillis() + 999) / 1000
                    + " s left; use --force to act anyway");
        }
        ScaleDecision decision = request.kind() == ManualRequest.Kind.SCALE_UP
                ? ScaleDecision.up(List.of(request.force() ? "manual --force" : "manual"))
                : ScaleDecision.down(List.of(request.force() ? "manual --force" : "manual"));
        recordDecision(now, decision, inputs());
        Optional<String> done = act(decision, now);
        if (done.isEmpty()) {
            return new ManualRequest.Outcome(false, "nothing to do: " + (decision.direction() == ScaleDecision.Direction.UP
                    ? "no secondary is off" : "no secondary is serving"));
        }
        policyState = PolicyState.afterAction(now);
        return new ManualRequest.Outcome(true, done.get());
    }

    // ---- the policy and its actions --------------------------------------------------------------

    private void evaluate(Instant now) {
        lastReading = reading();
        if (failover) {
            recordDecision(now, ScaleDecision.none(List.of("failover: waiting for the primary")), inputs());
            return;
        }
        boolean draining = machines.stream().anyMatch(m -> m.phase == Phase.DRAINING);
        // Cancelling a drain starts nothing, so the cooldown does not hold it back: load that rises while a
        // machine drains puts that machine straight back to work (the case of nomad-autoscaler #521).
        PolicyState state = draining ? new PolicyState(policyState.lowSince(), Optional.empty()) : policyState;
        PolicyResult result = policy.evaluate(state, activeInstances(), lastReading, now);
        if (draining && result.decision().direction() != ScaleDecision.Direction.UP) {
            result = policy.evaluate(policyState, activeInstances(), lastReading, now);
        }
        if (result.decision().direction() == ScaleDecision.Direction.UP && !draining) {
            BudgetGuard.Verdict budget = BudgetGuard.check(ops.monthlyBudgetUsd(), monthCost(now));
            if (budget.blocksScaleUp()) {
                List<String> reasons = new ArrayList<>(result.decision().reasons());
                reasons.add(budget.reason());
                log.warn("not scaling up: {}", budget.reason());
                recordDecision(now, ScaleDecision.none(reasons), inputs());
                return;
            }
        }
        recordDecision(now, result.decision(), inputs());
        if (!result.decision().isAction()) {
            policyState = result.next();
            return;
        }
        if (act(result.decision(), now).isPresent()) {
            policyState = result.next();
        }
    }

    /** Carries out a decision; returns what was done, or empty when nothing could be (e.g. no secondary off). */
    private Optional<String> act(ScaleDecision decision, Instant now) {
        if (decision.direction() == ScaleDecision.Direction.UP) {
            Optional<ManagedMachine> draining = machines.stream().filter(m -> m.phase == Phase.DRAINING).reduce((a, b) -> b);
            if (draining.isPresent()) {
                cancelDrain(draining.get(), now, String.join(", ", decision.reasons()));
                return Optional.of("cancelled the drain of " + draining.get().id() + " and put it back in the balancer");
            }
            Optional<ManagedMachine> off = firstOffSecondary(now, false);
            off.ifPresent(m -> startMachine(m, now, "scale_up", String.join(", ", decision.reasons())));
            return off.map(m -> "starting " + m.id());
        }
        if (decision.direction() == ScaleDecision.Direction.DOWN) {
            Optional<ManagedMachine> newest = machines.stream()
                    .filter(m -> !m.primary && m.phase == Phase.SERVING).reduce((a, b) -> b);
            newest.ifPresent(m -> beginDrain(m, now, String.join(", ", decision.reasons())));
            return newest.map(m -> "draining " + m.id() + ", then stopping it");
        }
        return Optional.empty();
    }

    private Optional<ManagedMachine> firstOffSecondary(Instant now, boolean ignoreBackoff) {
        return machines.stream()
                .filter(m -> !m.primary && m.phase == Phase.OFF && m.providerState == MachineState.OFF)
                .filter(m -> ignoreBackoff || !now.isBefore(m.retryNotBefore))
                .findFirst();
    }

    private void beginDrain(ManagedMachine m, Instant now, String why) {
        if (timings.dryRun()) {
            log.info("DRY_RUN: would remove {} from the balancer, drain and stop it ({})", m.id(), why);
            return;
        }
        m.actionId = store.actionStarted(now, "scale_down", m.id());
        m.actionKind = "scale_down";
        m.drainRequested = false;
        m.enter(Phase.DRAINING, now);
        route(now);
        progressDrain(m, now, Duration.ZERO);
    }

    private void cancelDrain(ManagedMachine m, Instant now, String why) {
        if (m.drainRequested && m.backend.isPresent()) {
            try {
                platforms.resume(m.backend.get());
            } catch (IOException e) {
                recordFailure("resume", m.id() + ": " + e.getMessage());
                return; // still draining; the next tick decides again
            }
        }
        endAction(m, now, "cancelled", "load rose during the drain: " + why);
        m.drainRequested = false;
        m.enter(Phase.SERVING, now);
        log.info("cancelled the drain of {}: load rose ({}); it serves again", m.id(), why);
    }

    private void startMachine(ManagedMachine m, Instant now, String kind, String why) {
        if (timings.dryRun()) {
            log.info("DRY_RUN: would start {} {} ({})", m.role(), m.id(), why);
            return;
        }
        if (m.actionId >= 0) {
            endAction(m, now, "superseded", "a new " + kind + " began");
        }
        m.actionId = store.actionStarted(now, kind, m.id());
        m.actionKind = kind;
        log.info("starting {} {}: {}", m.role(), m.id(), why);
        try {
            MachineInfo info = provider.start(m.id(), Duration.ZERO);
            m.providerState = info.state();
            m.enter(Phase.STARTING, now);
        } catch (ProviderException e) {
            recordFailure("provider_start", m.id() + ": " + e.getMessage());
            endAction(m, now, "failed", e.getMessage());
            backOff(m, now);
        }
    }

    private void stopMachine(ManagedMachine m, Instant now, String kind, String why) {
        if (timings.dryRun()) {
            log.info("DRY_RUN: would stop {} {} ({})", m.role(), m.id(), why);
            return;
        }
        if (m.actionId >= 0) {
            endAction(m, now, "superseded", "a new " + kind + " began");
        }
        m.actionId = store.actionStarted(now, kind, m.id());
        m.actionKind = kind;
        log.info("stopping {} {}: {}", m.role(), m.id(), why);
        callStop(m);
        m.enter(Phase.STOPPING, now);
    }

    private void callStop(ManagedMachine m) {
        try {
            m.providerState = provider.stop(m.id(), Duration.ZERO).state();
        } catch (ProviderException e) {
            // Stays in Stopping: the stop timeout retries it.
            recordFailure("provider_stop", m.id() + ": " + e.getMessage());
        }
    }

    private void backOff(ManagedMachine m, Instant now) {
        m.failedAttempts = Math.max(m.failedAttempts, 1);
        m.retryNotBefore = now.plus(timings.backoffAfter(m.failedAttempts));
    }

    // ---- routing ---------------------------------------------------------------------------------

    private void route(Instant now) {
        List<Backend> wanted = new ArrayList<>();
        for (ManagedMachine m : machines) {
            boolean healthy = m.healthFailures < timings.healthFailuresForFailover();
            if (m.phase == Phase.SERVING && m.backend.isPresent() && healthy && !(m.primary && failover)) {
                wanted.add(m.backend.get());
            }
        }
        if (wanted.isEmpty()) {
            // Never an empty upstream: with nothing healthy, keep sending to the primary, which is being restarted.
            machines.get(0).backend.ifPresent(wanted::add);
        }
        if (wanted.equals(routed)) {
            return;
        }
        if (timings.dryRun()) {
            log.info("DRY_RUN: would route traffic to {}", wanted);
            routed = wanted;
            return;
        }
        try {
            balancer.route(wanted);
            log.info("balancer now routes to {}", wanted);
            routed = List.copyOf(wanted);
        } catch (BalancerException e) {
            recordFailure("balancer", e.getMessage());
        }
    }

    // ---- records ---------------------------------------------------------------------------------

    private MetricsReading reading() {
        List<MetricSample> samples = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ManagedMachine m : machines) {
            if (m.phase != Phase.SERVING || (m.primary && failover)) {
                continue;
            }
            if (m.lastSample.isPresent()) {
                samples.add(m.lastSample.get());
            } else {
                failures.add(m.id() + ": " + (m.lastFailure == null ? "no metrics read" : m.lastFailure));
            }
        }
        if (samples.isEmpty()) {
            return MetricsReading.failed(failures.isEmpty() ? "no instance is serving" : String.join("; ", failures));
        }
        return new MetricsReading(Optional.of(GroupMetrics.aggregate(samples)), failures);
    }

    /** Instances the limits count: those serving or on their way; a draining one is on its way out. */
    private int activeInstances() {
        return (int) machines.stream().filter(m -> m.phase == Phase.SERVING || m.phase == Phase.STARTING).count();
    }

    private Map<String, Object> inputs() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("instances", activeInstances());
        if (lastReading != null) {
            lastReading.metrics().ifPresent(g -> {
                inputs.put("serving_instances", g.servingInstances());
                inputs.put("active_users", g.activeUsers());
                inputs.put("cpu_usage", g.cpuUsage());
                inputs.put("gpu_usage", g.gpuUsage().isPresent() ? g.gpuUsage().getAsDouble() : null);
                inputs.put("simulation_queue_length", g.simulationQueueLength());
                inputs.put("avg_response_time_ms", g.avgResponseTimeMs());
            });
            if (!lastReading.failures().isEmpty()) {
                inputs.put("failures", lastReading.failures());
            }
        }
        return inputs;
    }

    private void recordDecision(Instant now, ScaleDecision decision, Map<String, Object> inputs) {
        String outcome = outcome(decision);
        lastDecision = decision;
        lastDecisionAt = now;
        store.recordDecision(now, outcome, decision.reasons(), inputs);
        metrics.decisions.labelValues(outcome).inc();
        // One line per decision, with every input, for journalctl.
        log.info("decision={} {} reasons=[{}]{}", outcome,
                inputs.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue())).collect(Collectors.joining(" ")),
                String.join("; ", decision.reasons()), timings.dryRun() ? " (DRY_RUN)" : "");
    }

    private static String outcome(ScaleDecision decision) {
        return switch (decision.direction()) {
            case UP -> "scale_up";
            case DOWN -> "scale_down";
            case NONE -> "none";
        };
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return value == null ? "-" : value.toString();
    }

    private void endAction(ManagedMachine m, Instant now, String result, String detail) {
        if (m.actionId < 0) {
            return;
        }
        store.actionEnded(m.actionId, now, result, detail);
        metrics.actions.labelValues(m.actionKind, result).inc();
        if (!"ok".equals(result)) {
            log.warn("{} of {} {}: {}", m.actionKind, m.id(), result, detail);
        }
        m.actionId = -1;
        m.actionKind = "";
    }

    private void instantAction(Instant now, String kind, String machineId, String result, String detail) {
        long id = store.actionStarted(now, kind, machineId);
        store.actionEnded(id, now, result, detail);
        metrics.actions.labelValues(kind, result).inc();
        log.warn("{} {}: {}", kind, machineId, detail);
    }

    private void recordFailure(String what, String detail) {
        metrics.failures.labelValues(what).inc();
        log.warn("{} failed: {}", what, detail);
    }

    private static boolean isUp(MachineState state) {
        return state == MachineState.READY || state == MachineState.SERVICEREADY;
    }

    private void publish(Instant now) {
        List<ControllerSnapshot.MachineStatus> statuses = new ArrayList<>();
        Map<Phase, Integer> byPhase = new LinkedHashMap<>();
        for (Phase p : Phase.values()) {
            byPhase.put(p, 0);
        }
        for (ManagedMachine m : machines) {
            byPhase.merge(m.phase, 1, Integer::sum);
            String address = m.backend.map(Backend::toString).orElse("");
            statuses.add(new ControllerSnapshot.MachineStatus(m.id(), m.role(), m.providerState.word(), m.phase.word(),
                    address, m.lastHealth, routed != null && m.backend.isPresent() && routed.contains(m.backend.get()),
                    m.healthFailures,
                    m.lastSample.flatMap(s -> s.runningSimulations().isPresent()
                            ? Optional.of(s.runningSimulations().getAsInt()) : Optional.empty()).orElse(null)));
        }
        byPhase.forEach((phase, count) -> metrics.instances.labelValues(phase.word()).set(count));
        Map<String, Object> inputs = inputs();
        inputs.forEach((key, value) -> {
            if (value instanceof Number n) {
                metrics.policyInput.labelValues(key).set(n.doubleValue());
            }
        });
        long cooldownLeft = (policy.cooldownLeft(policyState, now).toMillis() + 999) / 1000;
        metrics.cooldownLeft.set(cooldownLeft);
        metrics.failoverActive.set(failover ? 1 : 0);
        publishCost(now);
        snapshot = new ControllerSnapshot(now, failover ? "failover" : "normal", timings.dryRun(), List.copyOf(statuses),
                inputs, lastReading == null ? List.of() : lastReading.failures(), outcome(lastDecision),
                lastDecision.reasons(), lastDecisionAt, cooldownLeft,
                routed == null ? List.of() : routed.stream().map(Backend::toString).toList());
    }

    // ---- cost and budget -------------------------------------------------------------------------

    private MonthCost monthCost(Instant now) {
        Map<String, ManagedMachine> byId = new LinkedHashMap<>();
        machines.forEach(m -> byId.put(m.id(), m));
        return MonthCostReader.read(store, MonthCostReader.monthOf(now), now, List.copyOf(byId.keySet()),
                id -> rateOf(byId.get(id)), id -> byId.get(id).providerState.isBilledHourly(), ops.storageMonthlyUsd());
    }

    private double rateOf(ManagedMachine m) {
        return m.hourlyRateUsd > 0 ? m.hourlyRateUsd : ops.instanceHourlyRateUsd();
    }

    private void publishCost(Instant now) {
        try {
            MonthCost month = monthCost(now);
            BudgetGuard.Verdict budget = BudgetGuard.check(ops.monthlyBudgetUsd(), month);
            metrics.costRate.set(month.currentRateUsdPerHour());
            metrics.monthCostSoFar.set(month.costSoFarUsd());
            metrics.monthProjectedCost.set(month.projectedMonthUsd());
            metrics.monthlyBudget.set(ops.monthlyBudgetUsd().orElse(0));
            metrics.budgetBlocksScaleUp.set(budget.blocksScaleUp() ? 1 : 0);
        } catch (RuntimeException e) {
            recordFailure("cost", e.getMessage());
        }
    }
}
