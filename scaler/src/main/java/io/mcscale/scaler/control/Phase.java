package io.mcscale.scaler.control;

/** Where the control loop has a machine, on top of what the provider reports. See {@link AutoscalerController}. */
public enum Phase {
    OFF, STARTING, SERVING, DRAINING, STOPPING;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
