package io.mcscale.core.placement;

import java.util.Optional;

/**
 * A secondary the scaler might start, as {@link Placement} sees it.
 *
 * @param startable off, and not held back by a retry backoff
 */
public record StartCandidate(String machineId, Optional<String> region, Optional<String> machineType, boolean startable) {
}
