package io.mcscale.platform.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A user's service tier. It weights the user's share of the workers and, in the scaler, selects the
 * per-tier scaling rules. The wire form is the lower-case name: {@code free}, {@code pro},
 * {@code enterprise}; it appears in the users table, the jobs table, {@code /api/metrics} and the CLI.
 */
public enum Tier {
    FREE, PRO, ENTERPRISE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> fromWire(String word) {
        return Arrays.stream(values()).filter(tier -> tier.wire().equals(word)).findFirst();
    }

    /** {@code free|pro|enterprise}, for messages that name the accepted values. */
    public static String choices() {
        return Arrays.stream(values()).map(Tier::wire).collect(Collectors.joining("|"));
    }
}
