package io.mcscale.scaler.collect;

/** What {@code GET /api/health} said, or that it could not be read. */
public enum Health {
    /** 200 {@code {"status":"ok"}}. */
    OK,
    /** 503 {@code {"status":"draining"}}: up, but taking no new work. */
    DRAINING,
    /** Any other answer, e.g. 503 {@code {"status":"unhealthy"}}. */
    UNHEALTHY,
    /** No answer within the timeout: refused, reset or timed out. */
    UNREACHABLE;

    /** The health as the status API prints it, e.g. {@code ok}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when the process answered at all, healthy or not. */
    public boolean answered() {
        return this != UNREACHABLE;
    }
}
