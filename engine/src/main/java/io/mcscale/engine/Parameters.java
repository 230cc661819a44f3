package io.mcscale.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and validates one model's raw parameters. Values may arrive as JSON gives them (Integer,
 * Long, Double, Boolean, lists, lists of lists) or as the command line gives them (strings such as
 * {@code "0.2"}, {@code "0.6,0.4"} or {@code "1,0.3;0.3,1"}). Every failure names the parameter,
 * the value and the allowed range; a parameter the model does not take is an error too, so typos
 * never pass silently.
 */
final class Parameters {
    private final String model;
    private final Map<String, Object> raw;
    private final Map<String, Object> validated = new LinkedHashMap<>();

    Parameters(String model, Map<String, Object> raw) {
        this.model = model;
        this.raw = raw == null ? Map.of() : raw;
    }

    /** An inclusive or exclusive interval of allowed values, printed the way mathematicians write it. */
    record Range(double low, boolean lowIncluded, double high, boolean highIncluded) {
        static Range positiveUpTo(double high) {
            return new Range(0, false, high, true);
        }

        static Range closed(double low, double high) {
            return new Range(low, true, high, true);
        }

        static Range open(double low, double high) {
            return new Range(low, false, high, false);
        }

        boolean contains(double value) {
            return (lowIncluded ? value >= low : value > low) && (highIncluded ? value <= high : value < high);
        }

        @Override
        public String toString() {
            return (lowIncluded ? "[" : "(") + format(low) + ", " + format(high) + (highIncluded ? "]" : ")");
        }
    }

    double number(String name, Range range) {
        return number(name, null, range);
    }

    /** A number in {@code range}; {@code defaultValue} when absent (null = required). */
    double number(String name, Double defaultValue, Range range) {
        Object value = raw.get(name);
        if (value == null) {
            return remember(name, requireDefault(name, defaultValue, "a number in " + range));
        }
        double number = toDouble(name, value, "a number in " + range);
        if (!range.contains(number)) {
            throw new InvalidParameterException(name, "must be in " + range + ", got " + format(number));
        }
        return remember(name, number);
    }

    int integer(String name, Integer defaultValue, int low, int high) {
        String allowed = "a whole number from " + low + " to " + high;
        Object value = raw.get(name);
        if (value == null) {
            return remember(name, requireDefault(name, defaultValue, allowed));
        }
        double number = toDouble(name, value, allowed);
        if (number != Math.rint(number) || number < low || number > high) {
            throw new InvalidParameterException(name, "must be " + allowed + ", got " + format(number));
        }
        return remember(name, (int) number);
    }

    /** One of {@code allowed} (case-insensitive, '-' read as '_'). */
    String choice(String name, String defaultValue, String... allowed) {
        Object value = raw.get(name);
        if (value == null) {
            return remember(name, requireDefault(name, defaultValue, "one of " + String.join("|", allowed)));
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (String option : allowed) {
            if (option.equals(text)) {
                return remember(name, option);
            }
        }
        throw new InvalidParameterException(name, "must be one of " + String.join("|", allowed) + ", got '" + value + "'");
    }

    boolean flag(String name, boolean defaultValue) {
        Object value = raw.get(name);
        if (value == null) {
            return remember(name, defaultValue);
        }
        if (value instanceof Boolean b) {
            return remember(name, b);
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return remember(name, Boolean.parseBoolean(text));
        }
        throw new InvalidParameterException(name, "must be true or false, got '" + value + "'");
    }

    /** A list of numbers, each in {@code range}, with 1 to {@code maxLength} entries; null default = required. */
    double[] list(String name, double[] defaultValue, Range range, int maxLength) {
        Object value = raw.get(name);
        if (value == null) {
            double[] list = requireDefault(name, defaultValue, "a list of numbers in " + range);
            remember(name, toList(list));
            return list;
        }
        double[] list = toDoubles(name, value);
        if (list.length < 1 || list.length > maxLength) {
            throw new InvalidParameterException(name, "must have 1 to " + maxLength + " entries, got " + list.length);
        }
        for (int i = 0; i < list.length; i++) {
            if (!range.contains(list[i])) {
                throw new InvalidParameterException(name,
                        "entry " + (i + 1) + " must be in " + range + ", got " + format(list[i]));
            }
        }
        remember(name, toList(list));
        return list;
    }

    /** A square matrix as a list of rows; null when absent and not required. */
    double[][] matrix(String name, boolean required) {
        Object value = raw.get(name);
        if (value == null) {
            if (required) {
                throw new InvalidParameterException(name, "is required: a square matrix, rows as lists (JSON) or 'a,b;c,d'");
            }
            return null;
        }
        List<?> rows = value instanceof String text ? splitRows(text) : asList(name, value);
        double[][] matrix = new double[rows.size()][];
        List<List<Double>> copy = new ArrayList<>();
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = toDoubles(name, rows.get(i));
            if (matrix[i].length != matrix.length) {
                throw new InvalidParameterException(name, "must be square: row " + (i + 1) + " has " + matrix[i].length
                        + " entries but there are " + matrix.length + " rows");
            }
            copy.add(toList(matrix[i]));
        }
        remember(name, copy);
        return matrix;
    }

    /** Rejects any parameter the model did not read, listing the ones it takes. */
    Map<String, Object> finish() {
        for (String name : raw.keySet()) {
            if (!validated.containsKey(name)) {
                throw new InvalidParameterException(name,
                        "is not a parameter of model " + model + "; it takes " + String.join(", ", validated.keySet()));
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(validated));
    }

    private <T> T remember(String name, T value) {
        validated.put(name, value);
        return value;
    }

    private static <T> T requireDefault(String name, T defaultValue, String allowed) {
        if (defaultValue == null) {
            throw new InvalidParameterException(name, "is required: " + allowed);
        }
        return defaultValue;
    }

    private static double toDouble(String name, Object value, String allowed) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new InvalidParameterException(name, "must be " + allowed + ", got '" + value + "'");
    }

    private static double[] toDoubles(String name, Object value) {
        if (value instanceof double[] array) {
            return array.clone();
        }
        List<?> items = value instanceof String text ? splitList(text) : asList(name, value);
        double[] result = new double[items.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = toDouble(name, items.get(i), "a list of numbers");
        }
        return result;
    }

    private static List<?> asList(String name, Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof double[][] rows) {
            return List.of((Object[]) rows);
        }
        throw new InvalidParameterException(name, "must be a list, got '" + value + "'");
    }

    private static List<String> splitList(String text) {
        String inner = text.replace("[", "").replace("]", "").trim();
        return inner.isEmpty() ? List.of() : List.of(inner.split("\\s*,\\s*"));
    }

    /** "1,0.3;0.3,1" or "[[1,0.3],[0.3,1]]" into rows. */
    private static List<String> splitRows(String text) {
        String rows = text.replaceAll("\\]\\s*,\\s*\\[", ";").replace("[", "").replace("]", "").trim();
        return rows.isEmpty() ? List.of() : List.of(rows.split("\\s*;\\s*"));
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return List.copyOf(list);
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
