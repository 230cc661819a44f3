package io.mcscale.scaler.config;

/**
 * A credential (API key, admin token). Its {@link #toString()} shows at most the first 4
 * characters, so a secret that reaches a log line, an error or a record's toString stays secret.
 * Call {@link #reveal()} only where the value is sent.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
        this.value = value;
    }

    public String reveal() {
        return value;
    }

    /** The first 4 characters and a mask; short secrets show nothing at all. */
    public String redacted() {
        return value.length() >= 8 ? value.substring(0, 4) + "****" : "****";
    }

    @Override
    public String toString() {
        return redacted();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
