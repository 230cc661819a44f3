package io.mcscale.scaler.provider;

import java.util.Locale;

/**
 * A start the provider refused for want of capacity (Paperspace answers 400 with a message such as
 * "insufficient capacity" or "out of capacity for the selected VM type"). Trying the same machine
 * again at once will not help; another region may.
 */
public class CapacityException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public CapacityException(String message) {
        super(message, false);
    }

    /** True when a provider's error message says the machine cannot start for want of capacity. */
    public static boolean saysOutOfCapacity(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("capacity");
    }
}
