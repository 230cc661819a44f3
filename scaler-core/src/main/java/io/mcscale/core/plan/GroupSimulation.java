package io.mcscale.core.plan;

import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.UserTier;
import io.mcscale.core.policy.GroupDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The whole group on a virtual clock (Contract 5): a discrete-event simulation of submissions,
 * claims, finishes, boots and polls.
 *
 * <pre>
 *   submission ──► claim queue (the platform's order) ──► free worker on a serving instance ──► finish
 *   poll (every POLL_INTERVAL) ──► metrics as the platform reports them ──► rule ──► start / drain
 *   start ──(boot B)──► serving ──(scale-down)──► draining ──(last running simulation ends)──► off
 * </pre>
 *
 * Events at one instant run in a fixed order: finishes and boots (in scheduling order), then
 * submissions, then the poll. The rule names the machine to start, drain or put back (the daemon's
 * policy starts the first secondary that is off and drains the newest serving one); a drained
 * machine is off when its last running simulation ends. A machine is billed per started second
 * from its start request until it is off. The run ends when the last simulation has finished.
 * Each tier's users, queue and waits are kept apart too, for the per-tier rules and the per-tier
 * waits of the outcome (listed when the demand has a tier column).
 */
public final class GroupSimulation {
    private static final int OFF = 0;
    private static final int BOOTING = 1;
    private static final int SERVING = 2;
    private static final int DRAINING = 3;
    private static final MachinePhase[] PHASES = {MachinePhase.OFF, MachinePhase.STARTING, MachinePhase.SERVING, MachinePhase.DRAINING};

    private static final UserTier[] TIERS = UserTier.values();

    private final Demand demand;
    private final GroupShape shape;
    private final int[] rowsPerTier = new int[TIERS.length];

    public GroupSimulation(Demand demand, GroupShape shape) {
        this.demand = demand;
        this.shape = shape;
        for (int row = 0; row < demand.size(); row++) {
            rowsPerTier[demand.tierIndex(row)]++;
        }
    }

    /** N machines for the whole demand, never scaled. */
    public PlanOutcome alwaysOn(String name, int instances, Timeline timeline) {
        return new Run(name, GroupRule.NEVER, instances, instances, timeline).run();
    }

    /** The primary alone at first, up to {@code maxInstances}, scaled by {@code rule} at every poll. */
    public PlanOutcome scaled(String name, GroupRule rule, int maxInstances, Timeline timeline) {
        return new Run(name, rule, 1, maxInstances, timeline).run();
    }

    /** The nearest-rank 95th percentile; 0 for no waits. */
    private static double p95(double[] waits) {
        if (waits.length == 0) {
            return 0;
        }
        double[] sorted = waits.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.95 * waits.length) - 1];
    }

    static Instant instantOf(double seconds) {
        return Instant.EPOCH.plusNanos(Math.round(seconds * 1e9));
    }

    /** One run's mutable state; the simulation itself stays reusable (recommend runs many rules on one demand). */
    private final class Run {
        private final String name;
        private final GroupRule rule;
        private final Timeline timeline;
        private final int workers = shape.workersPerInstance();
        private final int[] state;
        private final int[] busy;
        private final double[] onSince;
        private final double[] readyAt;
        private final int[] slotOfRow;
        private final double[] waits;
        private final EventQueue events = new EventQueue();
        private final ClaimQueue claims = new ClaimQueue(demand, shape.claimWeightsByOrdinal());
        private final ActiveUsers users;
        private double billedSeconds;
        private int freeServingWorkers;
        private int machinesOn;
        private int maxMachinesOn;
        private int actions;
        private double intervalWaitSum;
        private int intervalStarts;
        /** Per tier (by ordinal): active users (null for a tier with no rows), waiting simulations and the sum of their
         * submission times (so their ages sum to waiting * now - that), and the waits of this interval's starts. */
        private final ActiveUsers[] tierUsers = new ActiveUsers[TIERS.length];
        private final int[] tierWaiting = new int[TIERS.length];
        private final double[] tierWaitingSubmittedSum = new double[TIERS.length];
        private final double[] tierIntervalWaitSum = new double[TIERS.length];
        private final int[] tierIntervalStarts = new int[TIERS.length];

        Run(String name, GroupRule rule, int initial, int maxInstances, Timeline timeline) {
            if (initial < 1 || maxInstances < initial) {
                throw new IllegalArgumentException("a group needs 1 to " + maxInstances + " instances at the start, got " + initial);
            }
            this.name = name;
            this.rule = rule;
            this.timeline = timeline;
            state = new int[maxInstances];
            busy = new int[maxInstances];
            onSince = new double[maxInstances];
            readyAt = new double[maxInstances];
            slotOfRow = new int[demand.size()];
            waits = new double[demand.size()];
            users = new ActiveUsers(demand.userIds().size(), 2 * demand.size(), shape.activeUserWindowSeconds());
            for (int t = 0; t < TIERS.length; t++) {
                // Without a tier column every row is free, and free's users are all the users: count them once.
                if (rowsPerTier[t] == demand.size()) {
                    tierUsers[t] = users;
                } else if (rowsPerTier[t] > 0) {
                    tierUsers[t] = new ActiveUsers(demand.userIds().size(), 2 * rowsPerTier[t], shape.activeUserWindowSeconds());
                }
            }
            for (int slot = 0; slot < initial; slot++) {
                state[slot] = SERVING;
                freeServingWorkers += workers;
            }
            machinesOn = initial;
            maxMachinesOn = initial;
        }

        PlanOutcome run() {
            int n = demand.size();
            int nextRow = 0;
            int finished = 0;
            long polls = 0;
            double now = 0;
            while (finished < n) {
                double nextEvent = events.isEmpty() ? Double.POSITIVE_INFINITY : events.peekTime();
                double nextSubmission = nextRow < n ? demand.submittedAt(nextRow) : Double.POSITIVE_INFINITY;
                double nextPoll = polls * shape.pollSeconds();
                if (nextEvent <= nextSubmission && nextEvent <= nextPoll) {
                    now = nextEvent;
                    int kind = events.peekKind();
                    int payload = events.peekPayload();
                    events.poll();
                    if (kind == EventQueue.FINISH) {
                        finish(payload, now);
                        finished++;
                    } else {
                        ready(payload, now);
                    }
                } else if (nextSubmission <= nextPoll) {
                    now = nextSubmission;
                    claims.submitted(nextRow);
                    users.submitted(demand.user(nextRow), now);
                    int tier = demand.tierIndex(nextRow);
                    if (tierUsers[tier] != users) {
                        tierUsers[tier].submitted(demand.user(nextRow), now);
                    }
                    tierWaiting[tier]++;
                    tierWaitingSubmittedSum[tier] += demand.submittedAt(nextRow);
                    nextRow++;
                } else {
                    now = nextPoll;
                    poll(now);
                    polls++;
                }
                dispatch(now);
            }
            for (int slot = 0; slot < state.length; slot++) {
                if (state[slot] != OFF) {
                    turnOff(slot, now);
                }
            }
            return outcome(now);
        }

        private void finish(int row, double now) {
            int slot = slotOfRow[row];
            busy[slot]--;
            claims.finished(row);
            users.finished(demand.user(row), now);
            ActiveUsers ofTier = tierUsers[demand.tierIndex(row)];
            if (ofTier != users) {
                ofTier.finished(demand.user(row), now);
            }
            if (state[slot] == SERVING) {
                freeServingWorkers++;
            } else if (state[slot] == DRAINING && busy[slot] == 0) {
                turnOff(slot, now);
            }
        }

        private void ready(int slot, double now) {
            // A machine stopped while booting, and perhaps started again, leaves a stale event behind.
            if (state[slot] == BOOTING && readyAt[slot] == now) {
                serve(slot);
            }
        }

        private void dispatch(double now) {
            while (freeServingWorkers > 0 && claims.waiting() > 0) {
                int slot = 0;
                while (state[slot] != SERVING || busy[slot] == workers) {
                    slot++;
                }
                int row = claims.claim();
                double wait = now - demand.submittedAt(row);
                waits[row] = wait;
                intervalWaitSum += wait;
                intervalStarts++;
                int tier = demand.tierIndex(row);
                tierWaiting[tier]--;
                tierWaitingSubmittedSum[tier] -= demand.submittedAt(row);
                tierIntervalWaitSum[tier] += wait;
                tierIntervalStarts[tier]++;
                busy[slot]++;
                freeServingWorkers--;
                slotOfRow[row] = slot;
                events.add(now + demand.work(row), EventQueue.FINISH, row);
            }
        }

        private void poll(double now) {
            List<MachinePhase> phases = new ArrayList<>(state.length);
            int busyServing = 0;
            for (int slot = 0; slot < state.length; slot++) {
                phases.add(PHASES[state[slot]]);
                if (state[slot] == SERVING) {
                    busyServing += busy[slot];
                }
            }
            double responseMs = intervalStarts == 0 ? 0 : 1000 * intervalWaitSum / intervalStarts;
            intervalWaitSum = 0;
            intervalStarts = 0;
            PollView view = new PollView(now, phases, workers, users.count(now), busyServing, claims.waiting(), responseMs,
                    tierLoads(now));
            GroupDecision decision = rule.decide(view, instantOf(now));
            if (decision.isAction() && decision.machineId().isPresent()) {
                carryOut(decision.kind(), GroupRule.slotOf(decision.machineId().get()), now);
            }
            if (timeline != null) {
                timeline.record(now, machinesOn, claims.waiting(), responseMs / 1000);
            }
        }

        /** Each tier's figures as the platform's {@code tiers} object reports them; starts the next interval's waits. */
        private Map<UserTier, TierLoad> tierLoads(double now) {
            Map<UserTier, TierLoad> loads = new EnumMap<>(UserTier.class);
            for (int t = 0; t < TIERS.length; t++) {
                int counted = tierIntervalStarts[t] + tierWaiting[t];
                double waitSum = tierIntervalWaitSum[t] + tierWaiting[t] * now - tierWaitingSubmittedSum[t];
                // The running sums of submission times may leave a rounding residue below zero.
                double meanWait = counted == 0 ? 0 : Math.max(0, waitSum / counted);
                int active = tierUsers[t] == null ? 0 : tierUsers[t].count(now);
                loads.put(TIERS[t], new TierLoad(active, tierWaiting[t], meanWait, meanWait));
                tierIntervalWaitSum[t] = 0;
                tierIntervalStarts[t] = 0;
            }
            return loads;
        }

        /** What the daemon's controller does with a decision, on simulated machines. */
        private void carryOut(GroupDecision.Kind kind, int slot, double now) {
            if (kind == GroupDecision.Kind.SCALE_DOWN && state[slot] == SERVING) {
                actions++;
                state[slot] = DRAINING;
                freeServingWorkers -= workers - busy[slot];
                if (busy[slot] == 0) {
                    turnOff(slot, now);
                }
            } else if (kind != GroupDecision.Kind.SCALE_DOWN && state[slot] == DRAINING) {
                actions++;
                serve(slot);
            } else if (kind != GroupDecision.Kind.SCALE_DOWN && state[slot] == OFF) {
                actions++;
                machinesOn++;
                maxMachinesOn = Math.max(maxMachinesOn, machinesOn);
                onSince[slot] = now;
                if (shape.bootSeconds() == 0) {
                    serve(slot);
                } else {
                    state[slot] = BOOTING;
                    readyAt[slot] = now + shape.bootSeconds();
                    events.add(readyAt[slot], EventQueue.READY, slot);
                }
            }
        }

        private void serve(int slot) {
            state[slot] = SERVING;
            freeServingWorkers += workers - busy[slot];
        }

        private void turnOff(int slot, double now) {
            // Per-second billing: every started second counts (the epsilon keeps float noise from adding one).
            billedSeconds += Math.ceil(now - onSince[slot] - 1e-9);
            state[slot] = OFF;
            machinesOn--;
        }

        private PlanOutcome outcome(double horizon) {
            int n = waits.length;
            double sum = 0;
            int slow = 0;
            for (double wait : waits) {
                sum += wait;
                if (wait > shape.slowAfterSeconds()) {
                    slow++;
                }
            }
            double p95 = p95(waits);
            double hours = billedSeconds / 3600;
            return new PlanOutcome(name, n, hours, hours * shape.hourlyRateUsd(), n == 0 ? 0 : sum / n, p95, slow,
                    actions, maxMachinesOn, Map.of(), horizon, demand.hasTiers() ? tierWaits() : List.of());
        }

        /** The waits of each tier that has simulations, in tier order. */
        private List<TierWaits> tierWaits() {
            List<TierWaits> result = new ArrayList<>();
            for (int t = 0; t < TIERS.length; t++) {
                if (rowsPerTier[t] == 0) {
                    continue;
                }
                double[] tierWaits = new double[rowsPerTier[t]];
                int i = 0;
                for (int row = 0; row < waits.length; row++) {
                    if (demand.tierIndex(row) == t) {
                        tierWaits[i++] = waits[row];
                    }
                }
                double limit = shape.slowAfterSeconds(TIERS[t]);
                int slow = 0;
                for (double wait : tierWaits) {
                    slow += wait > limit ? 1 : 0;
                }
                result.add(new TierWaits(TIERS[t], tierWaits.length, p95(tierWaits), slow, limit));
            }
            return result;
        }
    }
}
