package io.mcscale.platform.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the platform knows who sent a request ({@code mcscale platform --auth}, env {@code PLATFORM_AUTH}).
 * {@link #KEYS}: by the user's API key only, for a platform clients reach directly. {@link #HEADER}: by a trusted
 * {@code X-User-Id}, for a platform behind a proxy that authenticates users and sets the header; it is the default,
 * so that clients from before keys keep working.
 */
public enum AuthMode {
    KEYS, HEADER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AuthMode> fromWire(String word) {
        return Arrays.stream(values()).filter(mode -> mode.wire().equals(word)).findFirst();
    }
}
