package io.mcscale.scaler.provider.paperspace;

/**
 * A machine event, which tracks one start, stop or restart. {@code state} is one of
 * {@code new | in progress | done | error | cancelled}; {@code error} holds the reason when it
 * failed (e.g. "insufficient capacity"), else null.
 */
public record PaperspaceEvent(String id, String name, String state, String error) {
    public boolean failed() {
        return "error".equals(state) || "cancelled".equals(state);
    }

    public boolean done() {
        return "done".equals(state);
    }
}
