package io.mcscale.scaler.provider;

/** A provider call that failed; the message is for a person and never holds a secret. */
public class ProviderException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public ProviderException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public ProviderException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when trying the same call again later may succeed (429, 5xx, a dropped connection). */
    public boolean isRetryable() {
        return retryable;
    }
}
