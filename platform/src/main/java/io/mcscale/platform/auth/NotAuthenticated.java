package io.mcscale.platform.auth;

/**
 * A request whose sender could not be known. The message names what to send and never holds more of a presented key
 * than {@link ApiKeys#describe} shows.
 *
 * @see Authenticator
 */
public final class NotAuthenticated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why: nothing identified the sender, a key was wrong or revoked, or a header was malformed. */
    public enum Reason {
        MISSING, INVALID_KEY, MALFORMED
    }

    private final Reason reason;
    private final String field;

    NotAuthenticated(Reason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The header to blame. */
    public String field() {
        return field;
    }
}
