package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpListsEveryCommandOfTheProduct() {
        String help = InProcessRun.of("--help").stdout();

        assertThat(help).contains("simulate", "bench", "platform", "load", "autoscaler", "status", "scale",
                "failover", "machine", "replay", "cost", "doctor", "demo");
    }

    @Test
    void unknownOptionExitsWithUsageError() {
        assertThat(Main.execute("--no-such-option")).isEqualTo(2);
    }

    @Test
    void aBadOptionValueIsOneLineNamingTheOptionTheValueAndWhereTheFixIs() {
        InProcessRun run = InProcessRun.of("simulate", "pi", "--paths", "abc", "--seed", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("--paths", "'abc'", "mcscale simulate --help");
    }
}
