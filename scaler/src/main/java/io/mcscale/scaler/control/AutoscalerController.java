package io.mcscale.scaler.control;

import io.mcscale.core.balancer.ServerWeight;
import io.mcscale.core.model.Backend;
import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MachineState;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.placement.RegionPreference;
import io.mcscale.core.placement.RegionWeights;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.GroupView;
import io.mcscale.core.policy.MachineRole;
import io.mcscale.core.policy.OperatorRequest;
import io.mcscale.core.policy.PolicyState;
import io.mcscale.scaler.balancer.Balancer;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.CostSettings;
import io.mcscale.scaler.control.MachineLifecycle.Step;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler's control loop. Each {@link #tick(Instant)}:
 * <pre>
 *   reconcile (the provider's states) → collect (health, metrics) → progress (actions under way)
 *     → decide ({@link GroupPolicy}) → act → route (the balancer) → publish (snapshot, metrics, cost)
 * </pre>
 * Why the group scaled is {@link GroupPolicy}'s business alone; how each machine moves is
 * {@link MachineLifecycle}'s; the {@link Actuator} makes every change (or, in dry run, only says
 * it would); the {@link ControlRecorder} writes it all down. The time is an argument: only the
 * daemon holds a clock. A tick never blocks on a machine: it asks the provider to start or stop
 * and looks again next tick, so every wait is a phase with a timeout.
 *
 * <p>On its first tick the loop rebuilds its phases from the provider's states and the actions a
 * previous run left unfinished, and the cooldown from the last scaling action in the event store.
 */
public final class AutoscalerController {
    private static final Logger log = LoggerFactory.getLogger(AutoscalerController.class);

    private final GroupPolicy policy;
    private final Actuator actuator;
    private final MachineReader reader;
    private final MachineTimings timings;
    private final ControlRecorder recorder;
    private final MachineCommands commands;
    private final CostPublisher cost;
    private final StartPlacement placement;
    private final boolean primaryIsScalerMachine;
    private final List<ManagedMachine> machines = new ArrayList<>();
    private final ConcurrentLinkedQueue<ManualRequest> requests = new ConcurrentLinkedQueue<>();

    private PolicyState policyState = PolicyState.INITIAL;
    private boolean recovered;
    private long failoverActionId = -1;
    private boolean primaryEverServed;
    private List<Backend> routed = List.of();
    private Map<Backend, ServerWeight> routedWeights = Map.of();
    private RegionWeights regionWeights = RegionWeights.NONE;
    private MetricsReading reading = MetricsReading.failed("no evaluation yet");
    private volatile Runnable wakeUp = () -> { };
    private Optional<PredictiveScaling> predictive = Optional.empty();

    /**
     * @param actuator  a {@link ProviderActuator}, wrapped in a {@link DryRunActuator} for DRY_RUN
     * @param platforms reads the platforms' health and metrics (the actuator drains and resumes them)
     */
    public AutoscalerController(InstanceGroup group, GroupPolicy policy, Actuator actuator, PlatformClient platforms,
            EventStore store, MachineTimings timings, ControlMetrics metrics, CostSettings costSettings,
            boolean primaryIsScalerMachine) {
        this.policy = policy;
        this.primaryIsScalerMachine = primaryIsScalerMachine;
        this.actuator = actuator;
        this.timings = timings;
        this.recorder = new ControlRecorder(store, metrics);
        this.reader = new MachineReader(platforms, recorder, policy.healthFailuresForFailover());
        this.commands = new MachineCommands(actuator, recorder, timings);
        this.cost = new CostPublisher(store, costSettings, metrics);
        this.placement = new StartPlacement(actuator, commands, recorder);
        machines.add(new ManagedMachine(group.primary(), MachineRole.PRIMARY));
        group.secondaries().forEach(spec -> machines.add(new ManagedMachine(spec,
                group.isBase(spec.machineId()) ? MachineRole.BASE : MachineRole.SECONDARY)));
    }

    /**
     * Wires a controller that acts through the provider, the balancer and the platforms; with
     * {@code dryRun} (DRY_RUN) every change is only logged.
     *
     * @param repair whether the primary is the scaler's own machine, and how its platform is restarted
     */
    public static AutoscalerController create(InstanceGroup group, GroupPolicy policy, MachineProvider provider,
            Balancer balancer, PlatformClient platforms, EventStore store, MachineTimings timings, boolean dryRun,
            ControlMetrics metrics, CostSettings costSettings, PrimaryRepair repair) {
        Actuator live = new ProviderActuator(provider, balancer, platforms, repair.platformRestart());
        return new AutoscalerController(group, policy, dryRun ? new DryRunActuator(live) : live, platforms, store,
                timings, metrics, costSettings, repair.primaryIsScalerMachine());
    }

    /** What the last tick saw; safe to call from any thread. */
    public ControllerSnapshot snapshot() {
        return recorder.snapshot();
    }

    /** The group's cost as the controller works it out: the one answer for the status API, the page and Prometheus. */
    public GroupCost cost() {
        return cost;
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

    /** PREDICTIVE_SCALING=true: the forecast may pre-warm or hold back a scale-down. Set before the first tick. */
    public void predictive(PredictiveScaling forecast) {
        this.predictive = Optional.of(forecast);
    }

    /**
     * REGION_PREFERENCE, the order of regions in which secondaries start (empty: their configured order), and
     * REGION_WEIGHTS, how nginx weighs each region's instances. Set before the first tick.
     */
    public void regions(RegionPreference preference, RegionWeights weights) {
        placement.preference(preference);
        this.regionWeights = weights;
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
        placement.continueRun(machines, now);
        placement.order(machines);
        // A primary whose start has failed is past booting: from then on its failed checks count towards failover,
        // or a scaler started while the primary is down would restart it forever and never start a secondary.
        primaryEverServed |= machines.get(0).life.failedAttempts() > 0;
        reader.collectAll(machines, primaryEverServed, now);
        for (ManagedMachine m : machines) {
            progress(m, now);
        }
        cost.update(now, machines, recorder);
        decide(now);
        route();
        recorder.publish(now, policyState.failover(), actuator.dryRun(), machines,
                ControlRecorder.inputs(view().activeInstances(), reading), reading.failures(),
                policy.cooldownSecondsLeft(policyState, now), routed.stream().map(Backend::toString).toList());
        placement.recordRetries(now);
    }

    // ---- recovery after a restart of the scaler ------------------------------------------------------

    private void recover(Instant now) {
        policyState = new PolicyState(Optional.empty(), recorder.lastScalingAction());
        predictive.ifPresent(p -> learn(p, now));
        for (ActionRecord action : recorder.unfinishedActions()) {
            Optional<ManagedMachine> machine = machines.stream().filter(m -> m.id().equals(action.machineId())).findFirst();
            if (machine.isEmpty() || action.kind() == ActionKind.FAILOVER) {
                // Failover is re-detected from the primary's health (it served before, so its failures count).
                primaryEverServed |= action.kind() == ActionKind.FAILOVER;
                recorder.actionEnded(action.id(), action.kind(), action.machineId(), now, ActionResult.INTERRUPTED,
                        "scaler restarted during the action");
                continue;
            }
            ManagedMachine m = machine.get();
            describe(m, now);
            m.actionId = action.id();
            m.actionKind = Optional.of(action.kind());
            boolean scaleDown = action.kind() == ActionKind.SCALE_DOWN;
            switch (m.providerState) {
                case OFF -> commands.endAction(m, now, scaleDown ? ActionResult.OK : ActionResult.INTERRUPTED,
                        "found off after a restart of the scaler");
                // A drain goes on where it was: its timeout counts from the original start.
                case STOPPING -> m.life = m.life.enter(MachinePhase.STOPPING, action.startedAt());
                default -> m.life = scaleDown ? m.life.enter(MachinePhase.DRAINING, action.startedAt())
                        : m.life.enter(MachinePhase.STARTING, now);
            }
            log.info("recovered unfinished {} of {}: now {}", action.kind().word(), m.id(), m.phase().word());
        }
    }

    // ---- reconcile, collect, progress ----------------------------------------------------------------

    private void reconcile(ManagedMachine m, Instant now) {
        if (!describe(m, now) || MachineLifecycle.waitingForHost(m.life, m.leftOffSinceStart, m.providerState, now, timings)) {
            return;
        }
        boolean startLost = m.phase() == MachinePhase.STARTING && m.providerState == MachineState.OFF;
        Duration starting = Duration.between(m.life.since(), now);
        carryOut(m, MachineLifecycle.reconcile(m.life, m.role, m.actionKind, m.providerState, now, timings), now);
        if (startLost) {
            placement.startLost(m, starting, now);
        }
    }

    private boolean describe(ManagedMachine m, Instant now) {
        try {
            MachineInfo info = actuator.describe(m.id());
            m.providerState = info.state();
            m.hourlyRateUsd = info.usageRateUsdPerHour();
            m.region = info.region();
            m.machineType = info.machineType();
            m.leftOffSinceStart |= m.phase() == MachinePhase.STARTING && info.state() != MachineState.OFF;
            // Without a configured URL, follow the provider's address: a Kubernetes machine id gets a new pod, with a new
            // IP, each time it starts. A configured URL (PRIMARY_URL, SECONDARY_URL) always wins.
            if (m.spec.backend().isEmpty() && info.platformAddress().isPresent()) {
                Backend reported = Backend.parse(info.platformAddress().get());
                if (m.backend.isPresent() && !m.backend.get().equals(reported)) {
                    log.info("machine {} now answers at {} (was {})", m.id(), reported, m.backend.get());
                }
                m.backend = Optional.of(reported);
            }
            recorder.machineState(now, m, info.state());
            return true;
        } catch (ProviderException | IllegalArgumentException e) {
            recorder.failure("provider_describe", m.id() + ": " + e.getMessage());
            return false;
        }
    }

    private void progress(ManagedMachine m, Instant now) {
        boolean isRouted = m.backend.isPresent() && routed.contains(m.backend.get());
        var seen = new MachineLifecycle.Observed(m.providerState, m.lastHealth, m.runningSimulations(), isRouted);
        carryOut(m, MachineLifecycle.progress(m.life, m.role, m.actionKind, seen, now, timings), now);
    }

    // ---- decide and act ------------------------------------------------------------------------------

    private void decide(Instant now) {
        reading = MachineReader.reading(machines, policyState.failover());
        predictive.ifPresent(p -> p.observe(now, reading, machines.stream().flatMap(m -> m.lastSample.stream()).toList()));
        List<ManualRequest> pending = new ArrayList<>();
        for (ManualRequest r = requests.poll(); r != null; r = requests.poll()) {
            pending.add(r);
        }
        if (pending.isEmpty()) {
            apply(decideAlone(now), now);
        }
        for (ManualRequest request : pending) {
            ManualRequest.Outcome outcome;
            try {
                GroupDecision decision = policy.decide(view(), policyState, cost.verdict(), Optional.of(request.request()), now);
                apply(decision, now);
                outcome = ManualRequest.outcomeOf(decision);
            } catch (RuntimeException e) {
                outcome = new ManualRequest.Outcome(false, "failed: " + e.getMessage());
            }
            log.info("operator request {}{}: {}", request.request().kind().name().toLowerCase(java.util.Locale.ROOT),
                    request.request().force() ? " --force" : "", outcome.message());
            request.outcome().complete(outcome);
        }
    }

    /** The guide's decision when no operator asks, changed by the forecast when PREDICTIVE_SCALING is on. */
    private GroupDecision decideAlone(Instant now) {
        GroupDecision guide = policy.decide(view(), policyState, cost.verdict(), Optional.empty(), now);
        // A pre-warm goes through the operator's scale-up, which neither the budget nor failover holds: check them here.
        if (predictive.isEmpty() || guide.next().failover() || cost.verdict().blocksScaleUp()) {
            return guide;
        }
        PredictiveScaling forecast = predictive.get();
        OperatorRequest scaleUp = OperatorRequest.of(OperatorRequest.Kind.SCALE_UP, false);
        return forecast.adjust(guide, policyState, view().activeInstances(), now,
                from -> policy.decide(view(), from, cost.verdict(), Optional.of(scaleUp), now));
    }

    private void learn(PredictiveScaling forecast, Instant now) {
        try {
            int learned = forecast.learn(recorder.decisionsSince(now.minus(PredictiveScaling.HISTORY), PredictiveScaling.HISTORY_LIMIT));
            log.info("predictive scaling: learned the demand of {} recorded decisions", learned);
        } catch (RuntimeException e) {
            recorder.failure("forecast_history", e.getMessage());
            log.warn("predictive scaling starts without history: {}", e.getMessage());
        }
    }

    private void apply(GroupDecision decision, Instant now) {
        recorder.decision(now, decision, ControlRecorder.inputs(view().activeInstances(), reading), actuator.dryRun());
        if (decision.endsFailover(policyState)) {
            recorder.actionEnded(failoverActionId, ActionKind.FAILOVER, machines.get(0).id(), now, ActionResult.OK,
                    "primary healthy again");
            failoverActionId = -1;
            log.info("primary {} is healthy again: back to the normal policy", machines.get(0).id());
        }
        policyState = decision.next();
        Optional<ManagedMachine> target = decision.machineId().flatMap(this::machine);
        String why = String.join(", ", decision.reasons());
        switch (decision.kind()) {
            case SCALE_UP -> target.ifPresent(m -> placement.begin(machines, m, why, false, now));
            case SCALE_DOWN -> target.ifPresent(m -> beginDrain(m, now));
            case CANCEL_DRAIN -> target.ifPresent(m -> cancelDrain(m, now, why));
            case FAILOVER -> failover(target, now, why);
            case NONE -> {
                // the reasons are recorded; nothing to do
            }
        }
    }

    private void failover(Optional<ManagedMachine> secondary, Instant now, String why) {
        ManagedMachine primary = machines.get(0);
        log.warn("failover: {}", why);
        failoverActionId = recorder.actionStarted(now, ActionKind.FAILOVER, primary.id());
        secondary.ifPresent(m -> {
            if (m.phase() == MachinePhase.DRAINING) {
                cancelDrain(m, now, "failover");
            } else {
                placement.begin(machines, m, "failover", true, now);
            }
        });
        carryOut(primary, MachineLifecycle.repairPrimary(primary.life, primary.providerState, primaryIsScalerMachine, why), now);
    }

    private void beginDrain(ManagedMachine m, Instant now) {
        MachineLifecycle.Life before = m.life;
        m.life = MachineLifecycle.drainBegun(m.life, now);
        // Out of the balancer first. A skipped route (dry run) moves nothing, so the machine stays as it was.
        if (route() == Actuator.Outcome.Status.SKIPPED) {
            m.life = before;
            return;
        }
        commands.beginAction(m, now, ActionKind.SCALE_DOWN);
        progress(m, now);
    }

    private void cancelDrain(ManagedMachine m, Instant now, String why) {
        if (m.life.drainRequested() && m.backend.isPresent()) {
            Actuator.Outcome resumed = actuator.resume(m.backend.get());
            if (resumed.isFailed()) {
                recorder.failure("resume", m.id() + ": " + resumed.failure());
                return; // still draining; the next tick decides again
            }
        }
        commands.endAction(m, now, ActionResult.CANCELLED, "load rose during the drain: " + why);
        m.life = MachineLifecycle.drainCancelled(m.life, now);
        log.info("cancelled the drain of {}: {}; it serves again", m.id(), why);
    }

    private void carryOut(ManagedMachine m, Step step, Instant now) {
        boolean wasServing = m.phase() == MachinePhase.SERVING;
        commands.carryOut(m, step, now);
        if (!wasServing && m.phase() == MachinePhase.SERVING) {
            m.healthFailures = 0;
            primaryEverServed |= m.isPrimary();
            log.info("{} {} is serving at {}", m.role.word(), m.id(), m.backend.map(Backend::toString).orElse("?"));
        }
    }

    // ---- route ---------------------------------------------------------------------------------------

    /** Points the balancer at the healthy serving machines; returns how that went (DONE when nothing changed). */
    private Actuator.Outcome.Status route() {
        List<Backend> wanted = new ArrayList<>();
        Map<Backend, ServerWeight> weights = new HashMap<>();
        for (ManagedMachine m : machines) {
            boolean healthy = m.healthFailures < policy.healthFailuresForFailover();
            if (m.phase() == MachinePhase.SERVING && m.backend.isPresent() && healthy
                    && !(m.isPrimary() && policyState.failover())) {
                wanted.add(m.backend.get());
                ServerWeight weight = regionWeights.of(m.region);
                if (!weight.equals(ServerWeight.NORMAL)) {
                    weights.put(m.backend.get(), weight);
                }
            }
        }
        if (wanted.isEmpty()) {
            // Never an empty upstream: with nothing healthy, keep sending to the primary, which is being restarted.
            machines.get(0).backend.ifPresent(wanted::add);
        }
        if (wanted.equals(routed) && weights.equals(routedWeights)) {
            return Actuator.Outcome.Status.DONE;
        }
        Actuator.Outcome outcome = actuator.route(wanted, weights);
        if (outcome.isFailed()) {
            recorder.failure("balancer", outcome.failure());
        } else {
            log.info("balancer {} to {}", outcome.isDone() ? "now routes" : "would route", wanted);
            routed = List.copyOf(wanted);
            routedWeights = Map.copyOf(weights);
        }
        return outcome.status();
    }

    // ---- what the policy sees ------------------------------------------------------------------------

    private GroupView view() {
        return new GroupView(machines.stream().map(ManagedMachine::view).toList(), reading);
    }

    private Optional<ManagedMachine> machine(String id) {
        return machines.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
