package io.mcscale.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The user tiers the platform reports in the {@code tiers} object of its metrics and the planner
 * reads from a demand's {@code tier} column. The wire form is the lower-case name; the
 * {@code .env} keys use the upper-case one ({@code TIER_ENTERPRISE_...}).
 */
public enum UserTier {
    FREE, PRO, ENTERPRISE;

    /** {@code free}, {@code pro} or {@code enterprise}: the form in JSON, CSV and reason codes. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UserTier> fromWire(String text) {
        for (UserTier tier : values()) {
            if (tier.wire().equals(text)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }

    /** The accepted words, for messages: {@code free|pro|enterprise}. */
    public static String wireChoices() {
        return "free|pro|enterprise";
    }
}
