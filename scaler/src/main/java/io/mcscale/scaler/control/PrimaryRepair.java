package io.mcscale.scaler.control;

/**
 * How failover repairs the primary: whether it is the machine the scaler runs on (then only its
 * platform is restarted, with {@code platformRestart}), or a machine elsewhere (then the provider
 * reboots it).
 */
public record PrimaryRepair(boolean primaryIsScalerMachine, PlatformRestartCommand platformRestart) {
}
