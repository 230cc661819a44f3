package io.mcscale.core.replay;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.policy.PolicyResult;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import io.mcscale.core.policy.ScalingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a trace through the daemon's own {@link ScalingPolicy} on a {@link VirtualClock}.
 *
 * <p>A discrete-event loop with two kinds of event: an evaluation at each trace row, and a
 * machine becoming ready {@code bootTime} after its scale-up. Booting machines count towards
 * the group's size (the limits, the cost) but not as serving (the user thresholds use the
 * serving count). Since every machine boots for the same time, the pending "ready" events
 * come due in the order they were scheduled, so a FIFO queue is the whole event calendar.
 * Scaling down stops the newest machine: a booting one first.
 */
public final class Replay {
    /** Trace time zero; {@code time_s} is seconds after it. */
    public static final Instant EPOCH = Instant.EPOCH;

    private final ScalingPolicy policy;
    private final Duration bootTime;

    public Replay(PolicySettings settings, Duration bootTime) {
        if (bootTime.isNegative()) {
            throw new IllegalArgumentException("--boot-seconds must be >= 0, got " + bootTime.toSeconds());
        }
        this.policy = new ScalingPolicy(settings);
        this.bootTime = bootTime;
    }

    /** Replays the rows in order, handing each scaling action to {@code actions} as it happens. */
    public ReplaySummary run(List<TraceRow> rows, Consumer<ReplayAction> actions) {
        VirtualClock clock = new VirtualClock(EPOCH);
        Deque<Instant> booting = new ArrayDeque<>();
        int serving = 1;
        int scaleUps = 0;
        int scaleDowns = 0;
        double instanceSeconds = 0;
        double previousTime = rows.isEmpty() ? 0 : rows.get(0).timeSeconds();
        PolicyState state = PolicyState.INITIAL;

        for (TraceRow row : rows) {
            Instant at = toInstant(row.timeSeconds());
            instanceSeconds += (serving + booting.size()) * (row.timeSeconds() - previousTime);
            previousTime = row.timeSeconds();
            while (!booting.isEmpty() && !booting.peekFirst().isAfter(at)) {
                clock.advanceTo(booting.pollFirst());
                serving++;
            }
            clock.advanceTo(at);

            int instances = serving + booting.size();
            GroupMetrics metrics = new GroupMetrics(serving, row.activeUsers(), row.cpuUsage(), row.gpuUsage(),
                    row.simulationQueueLength(), row.avgResponseTimeMs());
            PolicyResult result = policy.evaluate(state, instances, MetricsReading.complete(metrics), clock.instant());
            state = result.next();

            switch (result.decision().direction()) {
                case UP -> {
                    if (bootTime.isZero()) {
                        serving++;
                    } else {
                        booting.addLast(clock.instant().plus(bootTime));
                    }
                    scaleUps++;
                    actions.accept(new ReplayAction(row.timeSeconds(), "scale_up", instances + 1, result.decision().reasons()));
                }
                case DOWN -> {
                    if (booting.isEmpty()) {
                        serving--;
                    } else {
                        booting.pollLast();
                    }
                    scaleDowns++;
                    actions.accept(new ReplayAction(row.timeSeconds(), "scale_down", instances - 1, result.decision().reasons()));
                }
                case NONE -> {
                    // nothing to do: the reasons are in the decision, replay prints actions only
                }
            }
        }
        double traceSeconds = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).timeSeconds() - rows.get(0).timeSeconds();
        return new ReplaySummary(rows.size(), scaleUps, scaleDowns, traceSeconds / 3600, instanceSeconds / 3600);
    }

    private static Instant toInstant(double seconds) {
        return EPOCH.plusNanos(Math.round(seconds * 1e9));
    }
}
