package io.mcscale.scaler.store;

/** The event store could not read or write; the daemon treats this as fatal for the tick, never silently. */
public class EventStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The one wording of every failed read or write, for the store's parts. */
    static EventStoreException cannot(String what, Exception e) {
        return new EventStoreException("event store: cannot " + what + ": " + e.getMessage(), e);
    }
}
