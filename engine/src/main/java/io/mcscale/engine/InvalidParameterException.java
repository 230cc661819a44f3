package io.mcscale.engine;

/** A model parameter that is missing or out of range. The message names the parameter, the value and the allowed range. */
public final class InvalidParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
