package io.mcscale.core.plan;

/**
 * The simulated group and how it is watched and billed (Contract 5).
 *
 * @param workersPerInstance       W: simulations one instance runs at once
 * @param bootSeconds              B: a started machine serves this long after its start request
 * @param pollSeconds              the daemon's POLL_INTERVAL_SECONDS: metrics are derived and decided once per interval
 * @param activeUserWindowSeconds  the platform's active-user window (its default is 300 s)
 * @param hourlyRateUsd            what a machine costs per hour, billed per second from start request until off
 * @param slowAfterSeconds         a simulation that waited longer than this is slow (RESPONSE_UP_SECONDS)
 */
public record GroupShape(
        int workersPerInstance,
        double bootSeconds,
        double pollSeconds,
        double activeUserWindowSeconds,
        double hourlyRateUsd,
        double slowAfterSeconds) {

    public GroupShape {
        if (workersPerInstance < 1) {
            throw new IllegalArgumentException("--workers must be 1 or more, got " + workersPerInstance);
        }
        if (!(bootSeconds >= 0) || Double.isInfinite(bootSeconds)) {
            throw new IllegalArgumentException("--boot-seconds must be 0 or more, got " + bootSeconds);
        }
        if (!(pollSeconds > 0) || Double.isInfinite(pollSeconds)) {
            throw new IllegalArgumentException("POLL_INTERVAL_SECONDS must be above 0, got " + pollSeconds);
        }
        if (!(activeUserWindowSeconds >= 0)) {
            throw new IllegalArgumentException("the active-user window must be 0 or more seconds, got " + activeUserWindowSeconds);
        }
        if (!(hourlyRateUsd >= 0) || Double.isInfinite(hourlyRateUsd)) {
            throw new IllegalArgumentException("--rate must be 0 or more USD an hour, got " + hourlyRateUsd);
        }
        if (!(slowAfterSeconds >= 0)) {
            throw new IllegalArgumentException("the slow-wait limit must be 0 or more seconds, got " + slowAfterSeconds);
        }
    }
}
