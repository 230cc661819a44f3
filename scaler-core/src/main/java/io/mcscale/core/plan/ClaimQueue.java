package io.mcscale.core.plan;

import java.util.TreeSet;

/**
 * The waiting simulations, handed out in the platform's own claim order (its job store's claim
 * query): the user with the fewest running simulations per unit of their tier's weight first, ties
 * to the user whose oldest waiting simulation is oldest, and then that user's oldest simulation.
 * Demand rows are in submission order, so "oldest" is the lowest row number, and each user's
 * waiting rows are a run of that user's rows: a head and a count are the whole per-user queue.
 * The platform weighs a user by the highest tier among their queued simulations; here it is the
 * highest tier among all their rows, the same for the usual user who stays in one tier.
 */
final class ClaimQueue {
    private final Demand demand;
    private final int[] nextOfSameUser;
    private final int[] running;
    private final int[] waiting;
    private final int[] head;
    private final double[] weight;
    private final TreeSet<Integer> usersWaiting;
    private int totalWaiting;

    /** @param tierWeights each tier's claim weight, by {@link io.mcscale.core.model.UserTier} ordinal */
    ClaimQueue(Demand demand, int[] tierWeights) {
        this.demand = demand;
        int users = demand.userIds().size();
        running = new int[users];
        waiting = new int[users];
        head = new int[users];
        weight = new double[users];
        nextOfSameUser = new int[demand.size()];
        int[] last = new int[users];
        java.util.Arrays.fill(last, -1);
        for (int row = 0; row < demand.size(); row++) {
            int user = demand.user(row);
            if (last[user] >= 0) {
                nextOfSameUser[last[user]] = row;
            }
            last[user] = row;
            weight[user] = Math.max(weight[user], tierWeights[demand.tierIndex(row)]);
        }
        usersWaiting = new TreeSet<>((a, b) -> {
            int byShare = Double.compare(running[a] / weight[a], running[b] / weight[b]);
            return byShare != 0 ? byShare : Integer.compare(head[a], head[b]);
        });
    }

    void submitted(int row) {
        int user = demand.user(row);
        if (waiting[user]++ == 0) {
            head[user] = row;
            usersWaiting.add(user);
        }
        totalWaiting++;
    }

    /** Takes the next simulation to start; only when {@link #waiting()} is above 0. */
    int claim() {
        int user = usersWaiting.pollFirst();
        int row = head[user];
        running[user]++;
        totalWaiting--;
        if (--waiting[user] > 0) {
            head[user] = nextOfSameUser[row];
            usersWaiting.add(user);
        }
        return row;
    }

    void finished(int row) {
        int user = demand.user(row);
        if (waiting[user] > 0) {
            usersWaiting.remove(user);
            running[user]--;
            usersWaiting.add(user);
        } else {
            running[user]--;
        }
    }

    int waiting() {
        return totalWaiting;
    }
}
