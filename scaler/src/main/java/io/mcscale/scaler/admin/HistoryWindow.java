package io.mcscale.scaler.admin;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far back the history goes: a whole number and a unit, {@code s}, {@code m}, {@code h} or {@code d}
 * ({@code 30m}, {@code 24h}, {@code 7d}), from one minute to {@value #MAX_DAYS} days. The admin API's
 * {@code ?since=} and {@code mcscale events --since} read it alike.
 */
public final class HistoryWindow {
    public static final int MAX_DAYS = 31;
    private static final Pattern FORM = Pattern.compile("(\\d{1,7})([smhd])");

    private HistoryWindow() {
    }

    /** @throws IllegalArgumentException naming the value and the fix; the caller adds the field's name */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("got '" + text + "'; use a number and a unit s, m, h or d, e.g. 30m, 24h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        Duration window = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw new IllegalArgumentException("got '" + text + "'; use from 1m to " + MAX_DAYS + "d");
        }
        return window;
    }
}
