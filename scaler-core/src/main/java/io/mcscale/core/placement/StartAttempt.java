package io.mcscale.core.placement;

import java.util.Locale;
import java.util.Optional;

/** One try at starting a secondary within one scale-up, and how it went. */
public record StartAttempt(String machineId, Optional<String> region, Optional<String> machineType, Outcome outcome,
        String reason) {

    public enum Outcome {
        /** The provider's availability answer said no; nothing was started. */
        UNAVAILABLE(true),
        /** The provider refused or failed the start for want of capacity. */
        CAPACITY_ERROR(true),
        /** The start was accepted but the machine stayed off past START_OFF_TIMEOUT_SECONDS. */
        STAYED_OFF(true),
        /** The start failed for another reason (a 4xx, an error event that names no capacity). */
        FAILED(false);

        private final boolean outOfCapacity;

        Outcome(boolean outOfCapacity) {
            this.outOfCapacity = outOfCapacity;
        }

        /** True when the machine's region (for its type) is taken to be out of capacity for the rest of the scale-up. */
        public boolean outOfCapacity() {
            return outOfCapacity;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static StartAttempt of(StartCandidate candidate, Outcome outcome, String reason) {
        return new StartAttempt(candidate.machineId(), candidate.region(), candidate.machineType(), outcome, reason);
    }
}
