package io.mcscale.scaler.provider;

/**
 * One failed try of a provider call that the provider retried by itself (429, 5xx, a dropped
 * connection, under its retry policy). The control loop records each as an attempt in the event
 * store, so a slow scale-up shows why it was slow.
 *
 * @param call    e.g. {@code PATCH /machines/ps123/start}
 * @param attempt which try failed, 1-based, of {@code maxAttempts}
 */
public record ProviderRetry(String call, String machineId, int attempt, int maxAttempts, String failure) {
    public String describe() {
        return call + " failed on attempt " + attempt + " of " + maxAttempts + " (" + failure + "); retried";
    }
}
