package io.mcscale.core.replay;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.TierMetrics;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.GroupPolicy;
import io.mcscale.core.policy.GroupView;
import io.mcscale.core.policy.MachineRole;
import io.mcscale.core.policy.MachineView;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a trace through the daemon's own {@link GroupPolicy} on a {@link VirtualClock}.
 *
 * <p>A discrete-event loop with three kinds of event: an evaluation at each trace row, a machine
 * becoming ready {@code bootTime} after its start, and a draining machine going off
 * {@code drainTime} after its scale-down. Booting machines count towards the group's size (the
 * limits, the cost) but not as serving (the user thresholds use the serving count); draining ones
 * count in neither, but are billed until they are off. A trace carries no health, so replay never
 * fails over.
 */
public final class Replay {
    /** Trace time zero; {@code time_s} is seconds after it. */
    public static final Instant EPOCH = Instant.EPOCH;
    /** A trace has no health checks, so this never triggers; it only completes the policy. */
    private static final int HEALTH_FAILURES_FOR_FAILOVER = 3;

    private final GroupPolicy policy;
    private final Duration bootTime;
    private final Duration drainTime;
    private final Budget budget;

    /** The budget guard as a simulation sees it: its verdict at a time, given how many machines are billed. */
    @FunctionalInterface
    public interface Budget {
        Budget NONE = (at, billedMachines) -> BudgetGuard.NO_BUDGET;

        BudgetGuard.Verdict verdict(Instant at, int billedMachines);
    }

    /** The guide's replay (Contract 4): machines stop as soon as they are scaled down, and no budget. */
    public Replay(PolicySettings settings, Duration bootTime) {
        this(new GroupPolicy(settings, HEALTH_FAILURES_FOR_FAILOVER), bootTime, Duration.ZERO, Budget.NONE);
    }

    /**
     * @param drainTime how long a scaled-down machine drains before it is off; load that returns
     *                  meanwhile cancels the drain
     * @param budget    the budget guard's verdict at each evaluation
     */
    public Replay(GroupPolicy policy, Duration bootTime, Duration drainTime, Budget budget) {
        if (bootTime.isNegative()) {
            throw new IllegalArgumentException("--boot-seconds must be >= 0, got " + bootTime.toSeconds());
        }
        if (drainTime.isNegative()) {
            throw new IllegalArgumentException("the drain time must be >= 0, got " + drainTime.toSeconds() + " s");
        }
        this.policy = policy;
        this.bootTime = bootTime;
        this.drainTime = drainTime;
        this.budget = budget;
    }

    /** One simulated machine: its phase, and when a booting one serves or a draining one is off. */
    private static final class Machine {
        final String id;
        final MachineRole role;
        MachinePhase phase;
        Instant until = Instant.MIN;

        Machine(String id, MachineRole role, MachinePhase phase) {
            this.id = id;
            this.role = role;
            this.phase = phase;
        }

        boolean changesBy(Instant at) {
            return (phase == MachinePhase.STARTING || phase == MachinePhase.DRAINING) && !until.isAfter(at);
        }

        /** Seconds billed between {@code from} and {@code to}: from its start request until it is off. */
        double billedSeconds(Instant from, Instant to) {
            if (phase == MachinePhase.OFF) {
                return 0;
            }
            Instant end = phase == MachinePhase.DRAINING && until.isBefore(to) ? until : to;
            return end.isAfter(from) ? Duration.between(from, end).toNanos() / 1e9 : 0;
        }
    }

    /** Replays the rows in order, handing each action to {@code actions} as it happens. */
    public ReplaySummary run(List<TraceRow> rows, Consumer<ReplayAction> actions) {
        VirtualClock clock = new VirtualClock(EPOCH);
        List<Machine> machines = new ArrayList<>();
        machines.add(new Machine("primary", MachineRole.PRIMARY, MachinePhase.SERVING));
        for (int i = 1; i < policy.settings().maxInstances(); i++) {
            machines.add(new Machine("secondary-" + i, MachineRole.SECONDARY, MachinePhase.OFF));
        }
        int scaleUps = 0;
        int scaleDowns = 0;
        double instanceSeconds = 0;
        Instant previous = rows.isEmpty() ? EPOCH : toInstant(rows.get(0).timeSeconds());
        PolicyState state = PolicyState.INITIAL;

        for (TraceRow row : rows) {
            Instant at = toInstant(row.timeSeconds());
            for (Machine m : machines) {
                instanceSeconds += m.billedSeconds(previous, at);
            }
            previous = at;
            List<Machine> due = machines.stream().filter(m -> m.changesBy(at))
                    .sorted(Comparator.comparing(m -> m.until)).toList();
            for (Machine m : due) {
                clock.advanceTo(m.until);
                m.phase = m.phase == MachinePhase.STARTING ? MachinePhase.SERVING : MachinePhase.OFF;
            }
            clock.advanceTo(at);

            int serving = (int) machines.stream().filter(m -> m.phase == MachinePhase.SERVING).count();
            GroupMetrics metrics = new GroupMetrics(serving, row.activeUsers(), row.cpuUsage(), row.gpuUsage(),
                    row.simulationQueueLength(), row.avgResponseTimeMs(),
                    row.tiers().map(loads -> new TierMetrics(loads, Math.max(1, serving))));
            List<MachineView> views = machines.stream().map(m -> MachineView.of(m.id, m.role, m.phase)).toList();
            int billed = (int) machines.stream().filter(m -> m.phase != MachinePhase.OFF).count();
            GroupDecision decision = policy.decide(new GroupView(views, MetricsReading.complete(metrics)), state,
                    budget.verdict(clock.instant(), billed), Optional.empty(), clock.instant());
            state = decision.next();
            if (!decision.isAction()) {
                continue;
            }
            Machine m = machines.stream().filter(x -> x.id.equals(decision.machineId().orElseThrow())).findFirst().orElseThrow();
            switch (decision.kind()) {
                case SCALE_UP -> {
                    m.phase = bootTime.isZero() ? MachinePhase.SERVING : MachinePhase.STARTING;
                    m.until = clock.instant().plus(bootTime);
                    scaleUps++;
                }
                case SCALE_DOWN -> {
                    m.phase = drainTime.isZero() ? MachinePhase.OFF : MachinePhase.DRAINING;
                    m.until = clock.instant().plus(drainTime);
                    scaleDowns++;
                }
                case CANCEL_DRAIN -> m.phase = MachinePhase.SERVING;
                default -> throw new IllegalStateException("replay cannot " + decision.kind().word());
            }
            int instances = (int) machines.stream().filter(x -> x.phase.isActive()).count();
            actions.accept(new ReplayAction(row.timeSeconds(), decision.kind().word(), instances, decision.reasons()));
        }
        double traceSeconds = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).timeSeconds() - rows.get(0).timeSeconds();
        return new ReplaySummary(rows.size(), scaleUps, scaleDowns, traceSeconds / 3600, instanceSeconds / 3600);
    }

    private static Instant toInstant(double seconds) {
        return EPOCH.plusNanos(Math.round(seconds * 1e9));
    }
}
