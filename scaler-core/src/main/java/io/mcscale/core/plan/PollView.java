package io.mcscale.core.plan;

import io.mcscale.core.model.MachinePhase;
import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.UserTier;
import java.util.List;
import java.util.Map;

/**
 * What a scaling rule sees of the simulated group at one poll: each machine's phase (the primary
 * first, then the secondaries in order) and the metrics the platform would report, already summed
 * over the serving machines.
 *
 * @param phases          every machine's phase, the primary first
 * @param activeUsers     users seen within the platform's window, or with a simulation queued or running
 * @param busyWorkers     workers of the serving machines that run a simulation
 * @param queued          simulations waiting to start
 * @param responseMs      mean wait of the simulations that started in the last interval (0 when none started)
 * @param tiers           each tier's figures as the platform's {@code tiers} object reports them: its active users,
 *                        its waiting simulations, and its mean wait over the simulations that started in the last
 *                        interval and the ages of those still waiting (the p95 is not simulated: it is the mean,
 *                        and no rule reads it)
 */
public record PollView(
        double timeSeconds,
        List<MachinePhase> phases,
        int workersPerInstance,
        int activeUsers,
        int busyWorkers,
        int queued,
        double responseMs,
        Map<UserTier, TierLoad> tiers) {

    public PollView {
        phases = List.copyOf(phases);
        tiers = Map.copyOf(tiers);
    }

    public int serving() {
        return count(MachinePhase.SERVING);
    }

    /** Serving plus starting: the group's size for the policy's limits. */
    public int instances() {
        return serving() + count(MachinePhase.STARTING);
    }

    /** Busy workers as a share of the serving machines' workers, 0-100: the CPU the platform would report. */
    public double cpuPercent() {
        int serving = serving();
        return serving == 0 ? 0 : 100.0 * busyWorkers / ((double) serving * workersPerInstance);
    }

    private int count(MachinePhase phase) {
        int n = 0;
        for (MachinePhase p : phases) {
            if (p == phase) {
                n++;
            }
        }
        return n;
    }
}
