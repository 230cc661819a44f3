package io.mcscale.scaler.store;

/** How many rows one pass of the retention deleted, per table. */
public record PrunedEvents(int decisions, int stateChanges, int actions) {
    public int total() {
        return decisions + stateChanges + actions;
    }
}
