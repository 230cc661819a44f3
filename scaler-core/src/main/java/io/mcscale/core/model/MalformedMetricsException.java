package io.mcscale.core.model;

/** A metrics reading that cannot be trusted: a missing key, a wrong type, a value out of range. */
public class MalformedMetricsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedMetricsException(String message) {
        super(message);
    }
}
