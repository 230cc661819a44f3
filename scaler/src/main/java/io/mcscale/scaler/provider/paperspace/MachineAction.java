package io.mcscale.scaler.provider.paperspace;

/** The answer to a start, stop or restart: the machine as it is now and the event that tracks the action. */
public record MachineAction(PaperspaceMachine machine, PaperspaceEvent event) {
}
