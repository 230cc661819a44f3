package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.testkit.Traces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/mcscale replay} as a user runs it: no credentials, contract JSON lines, clear errors. */
class ReplayCommandIT {
    static final Path MCSCALE = Path.of("").toAbsolutePath().getParent().resolve("bin/mcscale");

    @TempDir
    Path dir;

    @Test
    void replaysTheGuideDayWithoutAnyCredentials() throws Exception {
        Path trace = Traces.copyTo(dir, "guide-day.csv");

        Run run = mcscale("replay", "--trace", trace.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
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

        Run run = mcscale("replay", "--trace", trace.toString(), "--config", config.toString(), "--boot-seconds", "120");

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines()).hasSize(6).allMatch(line -> line.startsWith("{\"time_s\":"));
        assertThat(run.stdout().lines().limit(3)).allMatch(line -> line.contains("\"scale_up\""));
        assertThat(run.stdout()).contains("\"instances\":4").doesNotContain("\"instances\":5");
    }

    @Test
    void aBadRowIsAnErrorThatNamesItsLine() throws Exception {
        Path trace = Traces.copyTo(dir, "bad-row.csv");

        Run run = mcscale("replay", "--trace", trace.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("line 4: cpu_usage 'abc' is not a number").doesNotContain("Exception");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void anUnknownConfigKeyIsAnErrorThatNamesIt() throws Exception {
        Path trace = Traces.copyTo(dir, "guide-day.csv");
        Path config = Files.writeString(dir.resolve(".env.autoscaler"), "CPU_UP_TRESHOLD=80\n");

        Run run = mcscale("replay", "--trace", trace.toString(), "--config", config.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("unknown key CPU_UP_TRESHOLD").contains("did you mean CPU_UP_THRESHOLD?");
    }

    @Test
    void aMissingTraceNamesTheOption() throws Exception {
        Run run = mcscale("replay", "--trace", dir.resolve("nope.csv").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("--trace").contains("no such file");
    }

    record Run(int exit, String stdout, String stderr) {
    }

    Run mcscale(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(MCSCALE.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        // Replay must work with no credentials at all.
        builder.environment().keySet().removeIf(key -> key.startsWith("PAPERSPACE_") || key.endsWith("_TOKEN") || key.equals("PROVIDER"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/mcscale finished").isTrue();
        return new Run(process.exitValue(),
                Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
