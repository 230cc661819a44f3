package io.mcscale.platform.job;

/** A submission that cannot run as given; {@link #field()} names what to fix (e.g. {@code paths}, {@code parameters.spot}). */
public final class InvalidSubmissionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidSubmissionException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
