package io.mcscale.scaler.provider;

/**
 * Whether a machine's type can start in its region now, as the provider answers before a start
 * (Paperspace: {@code GET /machine-availability?machineType=&region=} → {@code {"available": bool}}).
 * {@link Status#UNKNOWN} means the provider cannot tell (it has no such call, or the call failed):
 * the start is then tried, because a capacity check that fails must not hold a scale-up back.
 *
 * @param detail what was asked and answered, for the event store, e.g. "P4000 in ny2: unavailable"
 */
public record Availability(Status status, String detail) {
    public enum Status { AVAILABLE, UNAVAILABLE, UNKNOWN }

    public static Availability unknown(String detail) {
        return new Availability(Status.UNKNOWN, detail);
    }

    public boolean isUnavailable() {
        return status == Status.UNAVAILABLE;
    }
}
