package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.testkit.Traces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/mcscale replay} as a user runs it: no credentials, contract JSON lines, clear errors. */
class ReplayCommandIT {

    @TempDir
    Path dir;

    @Test
    void replaysTheGuideDayWithoutAnyCredentials() throws Exception {
        Path trace = Traces.copyTo(dir, "guide-day.csv");

        BinMcscale.Result run = mcscale("replay", "--trace", trace.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines()).containsExactly(
                "{\"time_s\":600,\"action\":\"scale_up\",\"instances\":2,\"reasons\":[\"active_users>=6\",\"cpu>70\"]}",
                "{\"time_s\":5730,\"action\":\"scale_down\",\"instances\":1,\"reasons\":"
                        + "[\"active_users<=4\",\"cpu<30\",\"gpu<40\",\"queue==0\",\"response<1s\",\"low for 600 of 600 s\"]}");
        assertThat(run.stderr()).contains("replayed 301 rows (2.5 h): 1 scale-ups, 1 scale-downs");
    }

    @Test
    void usesTheConfigsPoolAndThresholdsAndTheBootTime() throws Exception {
        Path trace = Traces.copyTo(dir, "surge.csv");
        Path config = Files.writeString(dir.resolve(".env.autoscaler"),
                "SECONDARY_MACHINE_ID=ps2,ps3,ps4\nCOOLDOWN_SECONDS=600\n");

        BinMcscale.Result run = mcscale("replay", "--trace", trace.toString(), "--config", config.toString(), "--boot-seconds", "120");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines()).hasSize(6).allMatch(line -> line.startsWith("{\"time_s\":"));
        assertThat(run.stdout().lines().limit(3)).allMatch(line -> line.contains("\"scale_up\""));
        assertThat(run.stdout()).contains("\"instances\":4").doesNotContain("\"instances\":5");
    }

    @Test
    void aBadRowIsAnErrorThatNamesItsLine() throws Exception {
        Path trace = Traces.copyTo(dir, "bad-row.csv");

        BinMcscale.Result run = mcscale("replay", "--trace", trace.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("line 4: cpu_usage 'abc' is not a number").doesNotContain("Exception");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void anUnknownConfigKeyIsAnErrorThatNamesIt() throws Exception {
        Path trace = Traces.copyTo(dir, "guide-day.csv");
        Path config = Files.writeString(dir.resolve(".env.autoscaler"), "CPU_UP_TRESHOLD=80\n");

        BinMcscale.Result run = mcscale("replay", "--trace", trace.toString(), "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("unknown key CPU_UP_TRESHOLD").contains("did you mean CPU_UP_THRESHOLD?");
    }

    @Test
    void aMissingTraceNamesTheOption() throws Exception {
        BinMcscale.Result run = mcscale("replay", "--trace", dir.resolve("nope.csv").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--trace").contains("no such file");
    }

    /** Replay must work with no credentials at all: the environment's are removed. */
    private static BinMcscale.Result mcscale(String... args) throws Exception {
        return BinMcscale.run(env -> env.keySet().removeIf(key -> key.startsWith("PAPERSPACE_") || key.endsWith("_TOKEN")
                || key.equals("PROVIDER")), args);
    }
}
