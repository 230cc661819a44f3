package io.mcscale.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.metrics.SystemUsage.GpuUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GPU reading, with a shell command standing in for nvidia-smi's one line per GPU. */
class SystemUsageTest {
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
