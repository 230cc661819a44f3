package io.mcscale.core.placement;

import java.util.Optional;

/** Which secondary a scale-up tries next, or none, and why in words for the event store. */
public record PlacementChoice(Optional<String> machineId, String reason) {
    static PlacementChoice none(String reason) {
        return new PlacementChoice(Optional.empty(), reason);
    }
}
