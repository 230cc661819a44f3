package io.mcscale.scaler.store;

/** The event store could not read or write; the daemon treats this as fatal for the tick, never silently. */
public class EventStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
