package io.mcscale.core.plan;

import io.mcscale.core.model.UserTier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Demands built in tests: written out row by row, or Poisson arrivals with exponential work from a seed. */
final class Demands {
    private final List<double[]> rows = new ArrayList<>();
    private final List<String> users = new ArrayList<>();
    private final List<UserTier> tiers = new ArrayList<>();
    private boolean withTiers;

    static Demands builder() {
        return new Demands();
    }

    /** A row of a demand with a tier column. */
    Demands row(double time, String user, double work, UserTier tier) {
        withTiers = true;
        row(time, user, work);
        tiers.set(tiers.size() - 1, tier);
        return this;
    }

    Demands row(double time, String user, double work) {
        tiers.add(UserTier.FREE);
        int index = users.indexOf(user);
        if (index < 0) {
            users.add(user);
            index = users.size() - 1;
        }
        rows.add(new double[] {time, index, work});
        return this;
    }

    Demand build() {
        int n = rows.size();
        double[] times = new double[n];
        int[] who = new int[n];
        double[] work = new double[n];
        byte[] tierColumn = new byte[n];
        for (int i = 0; i < n; i++) {
            times[i] = rows.get(i)[0];
            who[i] = (int) rows.get(i)[1];
            work[i] = rows.get(i)[2];
            tierColumn[i] = (byte) tiers.get(i).ordinal();
        }
        return new Demand(times, who, work, users, withTiers ? tierColumn : null);
    }

    /** M/M/c input: one user (so the platform's fair order is first come, first served). */
    static Demand poisson(long seed, int count, double arrivalsPerSecond, double meanWorkSeconds) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] times = new double[count];
        double[] work = new double[count];
        double t = 0;
        for (int i = 0; i < count; i++) {
            t += -Math.log(1 - random.nextDouble()) / arrivalsPerSecond;
            times[i] = t;
            work[i] = -Math.log(1 - random.nextDouble()) * meanWorkSeconds;
        }
        return new Demand(times, new int[count], work, List.of("u"));
    }
}
