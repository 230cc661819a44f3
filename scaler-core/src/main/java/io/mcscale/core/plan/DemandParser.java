package io.mcscale.core.plan;

import io.mcscale.core.model.UserTier;
import io.mcscale.core.replay.TraceFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a demand CSV (Contract 5): the header {@code time_s,user_id,work_s} (optionally
 * {@code ,tier}), then one row per simulation with {@code time_s} never decreasing. A bad row is an
 * error that names its line, the column, the value and what is allowed; blank lines are skipped.
 * A tier is {@code free}, {@code pro} or {@code enterprise}; without the column every row is free.
 * The tier selects the per-tier rules' figures and the plan's per-tier waits; every tier gets the
 * same workers in the same claim order.
 */
public final class DemandParser {
    public static final String HEADER = "time_s,user_id,work_s";
    public static final String HEADER_WITH_TIER = HEADER + ",tier";

    private DemandParser() {
    }

    public static Demand parse(BufferedReader reader, String source) {
        double[] times = new double[1024];
        int[] users = new int[1024];
        double[] work = new double[1024];
        byte[] tiers = new byte[1024];
        List<String> userIds = new ArrayList<>();
        Map<String, Integer> userIndex = new HashMap<>();
        int rows = 0;
        int columns = 3;
        try {
            String header = reader.readLine();
            String cleaned = header == null ? "" : header.strip().replace("\uFEFF", "");
            if (!cleaned.equals(HEADER) && !cleaned.equals(HEADER_WITH_TIER)) {
                throw new TraceFormatException(source, 1, "the header must be " + HEADER + " (or " + HEADER_WITH_TIER + ")");
            }
            columns = cleaned.equals(HEADER) ? 3 : 4;
            int lineNumber = 1;
            double previous = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.strip().split(",", -1);
                if (cells.length != columns) {
                    throw new TraceFormatException(source, lineNumber, "expected " + columns + " columns ("
                            + (columns == 3 ? HEADER : HEADER_WITH_TIER) + "), found " + cells.length);
                }
                double time = seconds(cells[0], "time_s", source, lineNumber);
                if (time < previous) {
                    throw new TraceFormatException(source, lineNumber, "time_s " + cells[0].strip()
                            + " is before the previous row's " + number(previous) + ": sort the rows by time_s");
                }
                previous = time;
                String user = cells[1].strip();
                if (user.isEmpty()) {
                    throw new TraceFormatException(source, lineNumber, "user_id is empty: give each row the user who submitted it");
                }
                double seconds = seconds(cells[2], "work_s", source, lineNumber);
                UserTier tier = columns == 4 ? tier(cells[3], source, lineNumber) : UserTier.FREE;
                if (rows == times.length) {
                    times = Arrays.copyOf(times, rows * 2);
                    users = Arrays.copyOf(users, rows * 2);
                    work = Arrays.copyOf(work, rows * 2);
                    tiers = Arrays.copyOf(tiers, rows * 2);
                }
                tiers[rows] = (byte) tier.ordinal();
                times[rows] = time;
                work[rows] = seconds;
                users[rows] = userIndex.computeIfAbsent(user, id -> {
                    userIds.add(id);
                    return userIds.size() - 1;
                });
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
        return new Demand(Arrays.copyOf(times, rows), Arrays.copyOf(users, rows), Arrays.copyOf(work, rows), userIds,
                columns == 4 ? Arrays.copyOf(tiers, rows) : null);
    }

    private static UserTier tier(String cell, String source, int line) {
        String text = cell.strip();
        if (text.isEmpty()) {
            throw new TraceFormatException(source, line, "tier is empty: use " + UserTier.wireChoices() + ", or drop the column");
        }
        return UserTier.fromWire(text.toLowerCase(Locale.ROOT)).orElseThrow(() -> new TraceFormatException(source, line,
                "tier '" + text + "' is not a tier: use " + UserTier.wireChoices()));
    }

    private static double seconds(String cell, String column, String source, int line) {
        String text = cell.strip();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new TraceFormatException(source, line, column + " '" + text + "' is not a number of seconds");
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new TraceFormatException(source, line, column + " " + text + " is out of range: use 0 or more seconds");
        }
        return value;
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
