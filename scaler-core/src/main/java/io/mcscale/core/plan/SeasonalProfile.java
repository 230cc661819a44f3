package io.mcscale.core.plan;

import java.util.Arrays;

/**
 * A seasonal profile of demand, learned from what has been seen so far: the peak active users and
 * the peak load (running plus waiting simulations) of each 15-minute slot. The forecast for a slot
 * is the 90th percentile of the same slot on earlier days: the previous 7 days, or, once a week of
 * history exists, the same slot of the previous 4 weeks (so weekends are learned from weekends).
 * A high quantile rather than the mean, because a pre-warm that comes too late costs waits while
 * one that comes early costs only minutes of a machine.
 */
public final class SeasonalProfile {
    public static final int SLOT_SECONDS = 900;
    private static final int SLOTS_PER_DAY = 86_400 / SLOT_SECONDS;
    private static final int SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY;
    private static final double QUANTILE = 0.9;

    private int[] peakUsers = new int[SLOTS_PER_WEEK];
    private int[] peakLoad = new int[SLOTS_PER_WEEK];
    private int slotsSeen;

    /** One observation at {@code timeSeconds}. */
    public void observe(double timeSeconds, int activeUsers, int load) {
        int slot = slotOf(timeSeconds);
        if (slot >= peakUsers.length) {
            int capacity = Math.max(slot + 1, peakUsers.length * 2);
            peakUsers = Arrays.copyOf(peakUsers, capacity);
            peakLoad = Arrays.copyOf(peakLoad, capacity);
        }
        peakUsers[slot] = Math.max(peakUsers[slot], activeUsers);
        peakLoad[slot] = Math.max(peakLoad[slot], load);
        slotsSeen = Math.max(slotsSeen, slot + 1);
    }

    public static int slotOf(double timeSeconds) {
        return (int) (timeSeconds / SLOT_SECONDS);
    }

    /** The forecast peak users of {@code slot}; -1 when there is no history for it yet. */
    public int users(int slot) {
        return forecast(peakUsers, slot);
    }

    /** The forecast peak load (running plus waiting simulations) of {@code slot}; -1 without history. */
    public int load(int slot) {
        return forecast(peakLoad, slot);
    }

    /** The peak users seen in a slot that has begun; 0 for one not seen. */
    public int seenUsers(int slot) {
        return slot < slotsSeen && slot >= 0 ? peakUsers[slot] : 0;
    }

    private int forecast(int[] peaks, int slot) {
        int lag = slot >= SLOTS_PER_WEEK ? SLOTS_PER_WEEK : SLOTS_PER_DAY;
        int most = lag == SLOTS_PER_WEEK ? 4 : 7;
        int[] history = new int[most];
        int count = 0;
        for (int earlier = slot - lag; earlier >= 0 && count < most; earlier -= lag) {
            if (earlier < slotsSeen) {
                history[count++] = peaks[earlier];
            }
        }
        if (count == 0) {
            return -1;
        }
        Arrays.sort(history, 0, count);
        return history[(int) Math.ceil(QUANTILE * count) - 1];
    }

    /** The slot's start as a time of day, e.g. {@code 09:00}. */
    public static String timeOfDay(int slot) {
        int minutes = (slot % SLOTS_PER_DAY) * SLOT_SECONDS / 60;
        return String.format(java.util.Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }
}
