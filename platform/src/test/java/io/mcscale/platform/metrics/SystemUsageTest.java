package io.mcscale.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.mcscale.platform.metrics.SystemUsage.GpuUsage;
import io.mcscale.testkit.load.BusyCore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GPU reading, with a shell command standing in for nvidia-smi's one line per GPU, and the
 * process CPU reading next to a program that keeps a core busy.
 */
class SystemUsageTest {
    /** CPU time spent in a wall time on so many cores, and the share that makes. */
    record Share(String why, long cpuMillis, long wallMillis, int cores, double percent) {
        @Override
        public String toString() {
            return why;
        }
    }

    static List<Share> shares() {
        return List.of(
                new Share("one busy thread on 2 cores is half", 1000, 1000, 2, 50),
                new Share("every core busy is all", 4000, 1000, 4, 100),
                new Share("idle is nothing", 0, 1000, 2, 0),
                new Share("a quarter core on one core", 250, 1000, 1, 25),
                new Share("clock jitter above the cores is capped", 2100, 1000, 2, 100),
                new Share("no wall time passed reads 0", 5, 0, 2, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shares")
    void shouldShareTheProcessCpuTimeOverTheCoresItMayUse(Share share) {
        assertThat(SystemUsage.processPercent(share.cpuMillis() * 1_000_000, share.wallMillis() * 1_000_000, share.cores()))
                .isCloseTo(share.percent(), within(1e-9));
    }

    @Test
    void shouldReportItsOwnProcessCpuNotTheBusyNeighbours() {
        var usage = new SystemUsage(List.of());
        try (BusyCore neighbour = BusyCore.start(Duration.ofSeconds(120))) {
            usage.processCpuPercent();
            usage.hostCpuPercent();
            // Wait until the neighbour has burned 2 s of CPU: a whole core for at least 2 s of this window.
            await().atMost(Duration.ofSeconds(60)).until(() -> neighbour.cpuTime().compareTo(Duration.ofSeconds(2)) >= 0);
            double process = usage.cpuPercent(CpuSource.PROCESS);
            double host = usage.cpuPercent(CpuSource.HOST);

            // This JVM only waited: it reads below the scale-down threshold (30 %) however busy the host is.
            assertThat(process).isLessThan(30);
            assertThat(host).isGreaterThan(process);
        }
    }
    @Test
    void shouldCountTheGpusTheDriverListsAndAverageTheirUse() {
        var usage = new SystemUsage(List.of("sh", "-c", "printf '30\\n 50\\n\\n'"));

        assertThat(usage.gpu()).isEqualTo(new GpuUsage(2, 40.0));
    }

    @Test
    void shouldReportNoGpuWithoutADriver() {
        assertThat(new SystemUsage(List.of()).gpu()).isEqualTo(GpuUsage.NONE);
    }

    @Test
    void shouldReportNoGpuWhenTheDriverFailsOrPrintsNonsense() {
        assertThat(new SystemUsage(List.of("sh", "-c", "echo 'NVIDIA-SMI has failed'; exit 9")).gpu()).isEqualTo(GpuUsage.NONE);
        assertThat(new SystemUsage(List.of("sh", "-c", "echo '[N/A]'")).gpu()).isEqualTo(GpuUsage.NONE);
    }
}
