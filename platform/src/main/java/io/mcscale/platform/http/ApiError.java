package io.mcscale.platform.http;

/** An error answer: HTTP status, the field to blame (or null) and a message a person can act on. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    ApiError(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
