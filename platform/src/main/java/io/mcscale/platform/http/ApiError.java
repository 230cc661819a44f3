package io.mcscale.platform.http;

/**
 * An error answer: HTTP status, the field to blame (or null), a message a person can act on, and
 * for "not now" answers (429, 503) the seconds to send as {@code Retry-After} (0 for none).
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;
    private final int retryAfterSeconds;

    ApiError(int status, String field, String message) {
        this(status, field, message, 0);
    }

    private ApiError(int status, String field, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError retryLater(int status, String field, String message, int retryAfterSeconds) {
        return new ApiError(status, field, message, retryAfterSeconds);
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
