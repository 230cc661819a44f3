package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The platform command's options, in process (no server starts). */
class PlatformCommandTest {
    @Test
    void helpDocumentsBothCpuSourcesAndTheDefault() {
        InProcessRun run = InProcessRun.of("platform", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().replaceAll("\\s+", " ")).contains("--cpu-source", "host = the whole machine's CPU",
                "process = this platform process's CPU over the cores it may use", "Default host.");
    }

    @Test
    void anUnknownCpuSourceIsOneLineNamingTheChoices() {
        InProcessRun run = InProcessRun.of("platform", "--cpu-source", "gpu");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("--cpu-source", "'gpu'", "host", "process");
    }

    @Test
    void badTierWeightsAreOneLineNamingTheOptionTheValueAndTheFix() {
        InProcessRun run = InProcessRun.of("platform", "--tier-weights", "free=1,pro=two");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("--tier-weights", "pro", "'two'", "free=1,pro=2,enterprise=4");
    }

    @Test
    void anUnknownAuthModeIsOneLineNamingTheChoices() {
        InProcessRun run = InProcessRun.of("platform", "--auth", "token");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("--auth", "'token'", "keys or header");
    }
}
