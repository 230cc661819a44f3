package io.mcscale.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The standard demand week for {@code mcscale plan} (Contract 5 CSV): an office's week, Monday to
 * Sunday, generated from a seed so that every run and every document uses the same rows.
 *
 * <p>On a weekday each user arrives between 08:30 and 09:30, leaves between 17:00 and 18:00, and
 * half of them take lunch from 12:00 to 13:00. While present a user submits simulations as a
 * Poisson process, one every 3 minutes on average; each needs log-normal work, median 60 s of one
 * worker (mean about 83 s). On Saturday and Sunday a tenth of the users (at least one) work
 * 10:00-12:00. With 14 users (the standard week) the weekday peak needs about 6.4 busy workers:
 * close to one 8-worker machine, so queues build and the policy has to act.
 *
 * <p>Write the standard week to a file: {@code java -cp testkit/target/classes io.mcscale.testkit.OfficeWeek week.csv [users] [seed]}.
 */
public final class OfficeWeek {
    public static final int STANDARD_USERS = 14;
    public static final long STANDARD_SEED = 1;
    private static final double DAY = 86_400;
    private static final double MEAN_GAP_SECONDS = 180;

    private OfficeWeek() {
    }

    /** The standard week: 14 users, seed 1. */
    public static String standardCsv() {
        return csv(STANDARD_USERS, STANDARD_SEED, 7);
    }

    /** A demand CSV of {@code days} days (a week repeats from day 7) for {@code users} users. */
    public static String csv(int users, long seed, int days) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> rows = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            boolean weekend = day % 7 >= 5;
            for (int user = 0; user < users; user++) {
                double start = day * DAY;
                if (weekend) {
                    if (user < Math.max(1, users / 10)) {
                        session(random, rows, user, start + 10 * 3600, start + 12 * 3600);
                    }
                    continue;
                }
                double arrive = start + 8.5 * 3600 + random.nextDouble() * 3600;
                double leave = start + 17 * 3600 + random.nextDouble() * 3600;
                if (random.nextBoolean()) {
                    session(random, rows, user, arrive, start + 12 * 3600);
                    session(random, rows, user, start + 13 * 3600, leave);
                } else {
                    session(random, rows, user, arrive, leave);
                }
            }
        }
        rows.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        StringBuilder csv = new StringBuilder(rows.size() * 24 + 32).append("time_s,user_id,work_s\n");
        for (double[] row : rows) {
            csv.append(String.format(Locale.ROOT, "%.1f,user%02d,%.1f%n", row[0], (int) row[1], row[2]));
        }
        return csv.toString();
    }

    private static void session(SplittableRandom random, List<double[]> rows, int user, double from, double until) {
        for (double t = from + gap(random); t < until; t += gap(random)) {
            double work = 60 * Math.exp(0.8 * gaussian(random));
            rows.add(new double[] {Math.floor(t * 10) / 10, user, Math.max(0.1, Math.round(work * 10) / 10.0)});
        }
    }

    private static double gap(SplittableRandom random) {
        return -Math.log(1 - random.nextDouble()) * MEAN_GAP_SECONDS;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; one of the pair is enough here.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: OfficeWeek FILE.csv [users (default 14)] [seed (default 1)] [days (default 7)]");
            System.exit(2);
        }
        int users = args.length > 1 ? Integer.parseInt(args[1]) : STANDARD_USERS;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : STANDARD_SEED;
        int days = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        Files.writeString(Path.of(args[0]), csv(users, seed, days), StandardCharsets.UTF_8);
    }
}
