package io.mcscale.core.plan;

/**
 * Counts active users as the platform does: a user is active while seen within the window, or
 * while one of their simulations is queued or running. A user is seen when they submit and when
 * a result comes back (the request that waits for it, or the poll that fetches it, finishes then).
 *
 * <p>Sightings go into a FIFO in time order. When the oldest sighting leaves the window, its user
 * turns inactive only if that was their latest sighting and nothing of theirs is in flight; since
 * a simulation's end is itself a sighting, a user with work in flight is sighted again before
 * they can expire. So each count costs only the sightings that expired since the last one.
 */
final class ActiveUsers {
    private final double window;
    private final double[] lastSeen;
    private final int[] inFlight;
    private final boolean[] active;
    private final int[] fifoUsers;
    private final double[] fifoTimes;
    private int fifoHead;
    private int fifoTail;
    private int count;

    ActiveUsers(int users, int maxSightings, double windowSeconds) {
        this.window = windowSeconds;
        lastSeen = new double[users];
        inFlight = new int[users];
        active = new boolean[users];
        fifoUsers = new int[maxSightings];
        fifoTimes = new double[maxSightings];
    }

    void submitted(int user, double now) {
        inFlight[user]++;
        seen(user, now);
    }

    void finished(int user, double now) {
        inFlight[user]--;
        seen(user, now);
    }

    int count(double now) {
        double since = now - window;
        while (fifoHead < fifoTail && fifoTimes[fifoHead] < since) {
            int user = fifoUsers[fifoHead];
            if (active[user] && lastSeen[user] == fifoTimes[fifoHead] && inFlight[user] == 0) {
                active[user] = false;
                count--;
            }
            fifoHead++;
        }
        return count;
    }

    private void seen(int user, double now) {
        lastSeen[user] = now;
        if (!active[user]) {
            active[user] = true;
            count++;
        }
        fifoUsers[fifoTail] = user;
        fifoTimes[fifoTail] = now;
        fifoTail++;
    }
}
