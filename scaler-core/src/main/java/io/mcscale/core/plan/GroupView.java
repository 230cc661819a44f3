package io.mcscale.core.plan;

/**
 * What a scaling rule sees of the simulated group at one poll: the instances by state and the
 * metrics the platform would report, already summed over the serving instances.
 *
 * @param serving         instances that are up and take work (not booting, not draining)
 * @param booting         instances started and not serving yet
 * @param draining        instances finishing their running simulations before they stop
 * @param activeUsers     users seen within the platform's window, or with a simulation queued or running
 * @param busyWorkers     workers of the serving instances that run a simulation
 * @param queued          simulations waiting to start
 * @param responseMs      mean wait of the simulations that started in the last interval (0 when none started)
 */
public record GroupView(
        double timeSeconds,
        int serving,
        int booting,
        int draining,
        int workersPerInstance,
        int activeUsers,
        int busyWorkers,
        int queued,
        double responseMs) {

    /** Serving plus booting: the group's size for the policy's limits. */
    public int instances() {
        return serving + booting;
    }

    /** Busy workers as a share of the serving instances' workers, 0-100: the CPU the platform would report. */
    public double cpuPercent() {
        return serving == 0 ? 0 : 100.0 * busyWorkers / ((double) serving * workersPerInstance);
    }
}
