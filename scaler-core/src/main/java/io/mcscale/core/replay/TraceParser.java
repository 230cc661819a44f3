package io.mcscale.core.replay;

import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.UserTier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads a metrics trace (Contract 4): the header
 * {@code time_s,active_users,cpu_usage,gpu_usage,simulation_queue_length,avg_response_time},
 * then one row per evaluation with {@code time_s} strictly increasing. An empty {@code gpu_usage}
 * means the platform reports no GPU. Any other empty or malformed cell is an error naming its
 * line: a trace is evidence, so nothing is guessed. The header may go on with the twelve tier
 * columns ({@link #TIER_COLUMNS}: each tier's users, queue, mean and p95 wait, as the platform's
 * {@code tiers} object has them, summed and maximised over the instances); a row fills all twelve,
 * or leaves all twelve blank for an evaluation without tier data.
 */
public final class TraceParser {
    public static final String HEADER = "time_s,active_users,cpu_usage,gpu_usage,simulation_queue_length,avg_response_time";
    public static final String TIER_COLUMNS = tierColumns();
    private static final String[] COLUMNS = (HEADER + "," + TIER_COLUMNS).split(",");
    private static final int CONTRACT_COLUMNS = HEADER.split(",").length;

    private TraceParser() {
    }

    /** Parses every row; blank lines are skipped. */
    public static List<TraceRow> parse(BufferedReader reader, String source) {
        List<TraceRow> rows = new ArrayList<>();
        try {
            String header = reader.readLine();
            String cleaned = header == null ? "" : header.strip().replace("\uFEFF", "");
            if (!cleaned.equals(HEADER) && !cleaned.equals(HEADER + "," + TIER_COLUMNS)) {
                throw new TraceFormatException(source, 1, "the header must be exactly " + HEADER
                        + " (optionally followed by the tier columns " + TIER_COLUMNS + ")");
            }
            int columns = cleaned.equals(HEADER) ? CONTRACT_COLUMNS : COLUMNS.length;
            int lineNumber = 1;
            double previousTime = Double.NEGATIVE_INFINITY;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                TraceRow row = parseRow(line.strip(), columns, source, lineNumber);
                if (!(row.timeSeconds() > previousTime)) {
                    throw new TraceFormatException(source, lineNumber, "time_s " + number(row.timeSeconds())
                            + " does not increase (the previous row is at " + number(previousTime) + ")");
                }
                previousTime = row.timeSeconds();
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static TraceRow parseRow(String line, int columns, String source, int lineNumber) {
        String[] cells = line.split(",", -1);
        if (cells.length != columns) {
            throw new TraceFormatException(source, lineNumber, "expected " + columns + " columns ("
                    + (columns == CONTRACT_COLUMNS ? HEADER : "the contract's six and the twelve tier columns") + "), found " + cells.length);
        }
        var cell = new Cells(cells, source, lineNumber);
        double time = cell.decimal(0, 0, Double.MAX_VALUE);
        int users = cell.count(1);
        double cpu = cell.decimal(2, 0, 100);
        OptionalDouble gpu = cells[3].isBlank() ? OptionalDouble.empty() : OptionalDouble.of(cell.decimal(3, 0, 100));
        int queue = cell.count(4);
        double response = cell.decimal(5, 0, Double.MAX_VALUE);
        return new TraceRow(time, users, cpu, gpu, queue, response, columns == CONTRACT_COLUMNS ? Optional.empty() : tiers(cell));
    }

    /** The tier cells: all blank is no tier data; otherwise each must be filled. */
    private static Optional<Map<UserTier, TierLoad>> tiers(Cells cell) {
        boolean allBlank = true;
        for (int column = CONTRACT_COLUMNS; column < COLUMNS.length; column++) {
            allBlank &= cell.cells()[column].isBlank();
        }
        if (allBlank) {
            return Optional.empty();
        }
        Map<UserTier, TierLoad> loads = new EnumMap<>(UserTier.class);
        int column = CONTRACT_COLUMNS;
        for (UserTier tier : UserTier.values()) {
            loads.put(tier, new TierLoad(cell.count(column), cell.count(column + 1), cell.decimal(column + 2, 0, Double.MAX_VALUE),
                    cell.decimal(column + 3, 0, Double.MAX_VALUE)));
            column += 4;
        }
        return Optional.of(loads);
    }

    private static String tierColumns() {
        List<String> names = new ArrayList<>();
        for (UserTier tier : UserTier.values()) {
            for (String figure : List.of("active_users", "simulation_queue_length", "avg_wait_seconds", "wait_p95_seconds")) {
                names.add(tier.wire() + "_" + figure);
            }
        }
        return String.join(",", names);
    }

    /** The cells of one row, read with errors that name the line, the column and the value. */
    private record Cells(String[] cells, String source, int line) {
        double decimal(int column, double min, double max) {
            String text = cells[column].strip();
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw problem(column, "'" + text + "' is not a number");
            }
            if (!(value >= min && value <= max)) {
                throw problem(column, text + " is out of range "
                        + number(min) + (max == Double.MAX_VALUE ? " or more" : "-" + number(max)));
            }
            return value;
        }

        int count(int column) {
            String text = cells[column].strip();
            try {
                int value = Integer.parseInt(text);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw problem(column, "'" + text + "' is not a whole number >= 0");
        }

        private TraceFormatException problem(int column, String what) {
            return new TraceFormatException(source, line, COLUMNS[column] + " " + what);
        }
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
