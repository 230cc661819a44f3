package io.mcscale.platform.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's CPU, memory and GPU use, as the operating system and the GPU driver report them.
 * CPU comes from {@code /proc/stat} (busy share of the time since the previous reading), with the
 * JVM's view of the system load as a fallback; or, for {@link CpuSource#PROCESS}, from this
 * process's CPU time over the cores it may use; memory from {@code /proc/meminfo} (MemAvailable);
 * GPU from {@code nvidia-smi}, one line per GPU, or {@link GpuUsage#NONE} where there is none.
 */
public final class SystemUsage {
    private static final Logger log = LoggerFactory.getLogger(SystemUsage.class);
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path PROC_MEMINFO = Path.of("/proc/meminfo");
    private static final List<String> NVIDIA_SMI =
            List.of("nvidia-smi", "--query-gpu=utilization.gpu", "--format=csv,noheader,nounits");

    /**
     * The machine's GPUs as the driver reports them: how many, and their mean use in percent.
     * A machine without a GPU, or whose driver does not answer, has {@link #NONE}: 0 GPUs at 0 %.
     */
    public record GpuUsage(int count, double percent) {
        public static final GpuUsage NONE = new GpuUsage(0, 0);
    }

    private final List<String> gpuQuery;

    /** Reads the GPUs through {@code nvidia-smi} when it is on the PATH. */
    public SystemUsage() {
        this(onPath("nvidia-smi") ? NVIDIA_SMI : List.of());
    }

    /**
     * @param gpuQuery a command that prints one GPU utilisation percentage per line, or an empty list for no GPU
     */
    public SystemUsage(List<String> gpuQuery) {
        this.gpuQuery = List.copyOf(gpuQuery);
    }
    private long lastBusy = -1;
    private long lastTotal = -1;
    private double lastCpu;
    private long lastProcessCpuNanos = -1;
    private long lastProcessWallNanos;
    private double lastProcessCpu;

    /** CPU use in percent since the previous call, of the machine or of this process. */
    public double cpuPercent(CpuSource source) {
        return source == CpuSource.PROCESS ? processCpuPercent() : hostCpuPercent();
    }

    /** The machine's CPU use in percent since the previous call (the first call reads since boot). */
    public synchronized double hostCpuPercent() {
        try {
            String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long busy = total - idle;
            if (lastTotal >= 0 && total > lastTotal) {
                lastCpu = 100.0 * (busy - lastBusy) / (total - lastTotal);
            } else if (lastTotal < 0 && total > 0) {
                lastCpu = 100.0 * busy / total;
            }
            lastBusy = busy;
            lastTotal = total;
            return clamp(lastCpu);
        } catch (IOException | RuntimeException e) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return clamp(Math.max(0, os.getCpuLoad()) * 100);
        }
    }

    /**
     * This process's CPU use in percent of the cores it may use ({@code availableProcessors}, which
     * follows the CPU affinity and the container's quota), since the previous call; the first call
     * reads since the JVM started. One busy thread on a 2-core machine is 50 %.
     */
    public synchronized double processCpuPercent() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuNanos = os.getProcessCpuTime();
        long wallNanos = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        if (cpuNanos < 0) {
            // Not supported on this platform: the JVM's own estimate, which is over every core of the host.
            return clamp(Math.max(0, os.getProcessCpuLoad()) * 100);
        }
        if (lastProcessCpuNanos < 0) {
            long uptimeNanos = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
            lastProcessCpu = processPercent(cpuNanos, uptimeNanos, cores);
        } else if (wallNanos > lastProcessWallNanos) {
            lastProcessCpu = processPercent(cpuNanos - lastProcessCpuNanos, wallNanos - lastProcessWallNanos, cores);
        }
        lastProcessCpuNanos = cpuNanos;
        lastProcessWallNanos = wallNanos;
        return lastProcessCpu;
    }

    /** CPU time spent over the CPU time the cores offered in the same wall time, in percent (0-100). */
    static double processPercent(long cpuNanos, long wallNanos, int cores) {
        if (wallNanos <= 0 || cores < 1) {
            return 0;
        }
        return clamp(100.0 * cpuNanos / ((double) wallNanos * cores));
    }

    /** Memory in use, in percent: everything but MemAvailable. */
    public double memoryPercent() {
        try {
            long total = 0;
            long available = -1;
            for (String line : Files.readAllLines(PROC_MEMINFO)) {
                if (line.startsWith("MemTotal:")) {
                    total = kilobytes(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kilobytes(line);
                }
            }
            if (total > 0 && available >= 0) {
                return clamp(100.0 * (total - available) / total);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read {}", PROC_MEMINFO, e);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long total = os.getTotalMemorySize();
        return total == 0 ? 0 : clamp(100.0 * (total - os.getFreeMemorySize()) / total);
    }

    /** The GPUs and their mean utilisation; {@link GpuUsage#NONE} where there is no GPU or the driver does not answer. */
    public GpuUsage gpu() {
        if (gpuQuery.isEmpty()) {
            return GpuUsage.NONE;
        }
        try {
            Process p = new ProcessBuilder(gpuQuery).redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return GpuUsage.NONE;
            }
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty()).toList();
            if (p.exitValue() != 0 || lines.isEmpty()) {
                return GpuUsage.NONE;
            }
            return new GpuUsage(lines.size(), clamp(lines.stream().mapToDouble(Double::parseDouble).average().orElse(0)));
        } catch (IOException | RuntimeException e) {
            log.debug("the GPU driver did not answer", e);
            return GpuUsage.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return GpuUsage.NONE;
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static double clamp(double percent) {
        return Math.max(0, Math.min(100, percent));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
