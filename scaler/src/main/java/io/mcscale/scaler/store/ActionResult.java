package io.mcscale.scaler.store;


/**
 * How an action ended. {@link #word()} is what the event store holds: existing databases and
 * {@code mcscale cost report} read these words, so a constant may be renamed but its word must stay.
 */
public enum ActionResult {
    OK("ok"),
    FAILED("failed"),
    /** A drain that load made unnecessary. */
    CANCELLED("cancelled"),
    /** The scaler stopped in the middle of it. */
    INTERRUPTED("interrupted"),
    /** A new action on the same machine began before it ended. */
    SUPERSEDED("superseded");

    private final String word;

    ActionResult(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static ActionResult fromWord(String word) {
        for (ActionResult result : values()) {
            if (result.word().equals(word)) {
                return result;
            }
        }
        throw new IllegalArgumentException("unknown action result '" + word + "' in the event store");
    }
}
