package io.mcscale.platform.metrics;

/**
 * What {@code cpu_usage} measures.
 *
 * <p>{@link #HOST}: the whole machine's CPU, as the guide's platform reports it. Right on a
 * machine that runs one platform and nothing else (a Paperspace instance). {@link #PROCESS}: the
 * CPU of this platform's own process over the cores it may use. Right where several platforms,
 * or other programs, share one machine (the local provider, the demo): there the host's CPU
 * counts everybody's work, and a program that keeps a core busy would hold every instance
 * above the scale-down threshold for good.
 */
public enum CpuSource {
    HOST,
    PROCESS
}
