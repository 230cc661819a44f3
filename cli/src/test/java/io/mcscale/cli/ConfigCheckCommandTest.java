package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.testkit.EnvFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {
    private static final String API_KEY = "psk_live_0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void theGuidesFileAsPrintedFailsOnlyOnItsUnfilledKeyAndWarnsAboutTheExampleIds() {
        Path file = EnvFiles.write(dir, EnvFiles.GUIDE);

        InProcessRun run = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).startsWith(file + ": 1 problem\n  - PAPERSPACE_API_KEY=your**** (line 1) is a template placeholder, not filled in")
                .contains("warning: PRIMARY_MACHINE_ID=ps1234567 (line 2) is the guide's example value",
                        "warning: SECONDARY_MACHINE_ID=ps7654321 (line 3) is the guide's example value")
                .doesNotContain("your_actual");
    }

    @Test
    void theGuidesFileWithAKeyIsValidAndSummarised() {
        Path file = EnvFiles.write(dir, EnvFiles.GUIDE, "your_actual_api_key_here", API_KEY);

        InProcessRun run = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(run.stdout()).startsWith(file + ": valid\n")
                .contains("paperspace (PAPERSPACE_API_KEY psk_****", "primary ps1234567, secondaries ps7654321 (at most 2 instances)",
                        "2 of: users >= 6 per instance, cpu > 70%", "users <= 4 per remaining instance", "cooldown 300 s")
                .contains("warning: the scaler cannot tell which machine it runs on", "SCALER_MACHINE_ID=ps1234567")
                .doesNotContain(API_KEY.substring(4));
    }

    @Test
    void aPrimaryUrlOnLoopbackTellsTheScalerItRunsOnThePrimary() throws IOException {
        Path file = EnvFiles.write(dir, EnvFiles.GUIDE, "your_actual_api_key_here", API_KEY);
        Files.writeString(file, "PRIMARY_URL=http://127.0.0.1:8000\n", java.nio.file.StandardOpenOption.APPEND);

        InProcessRun run = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(run.stdout()).doesNotContain("cannot tell which machine");
    }

    @Test
    void thePrototypesTemplateNamesItsPlaceholdersAndMapsItsDelays() {
        Path file = EnvFiles.write(dir, EnvFiles.PROTOTYPE_TEMPLATE);

        InProcessRun run = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains(": 3 problems\n",
                "PAPERSPACE_API_KEY=your**** (line 2) is a template placeholder, not filled in",
                "PRIMARY_MACHINE_ID=your_primary_machine_id (line 3) is a template placeholder, not filled in",
                "SECONDARY_MACHINE_ID=your_secondary_machine_id (line 4) is a template placeholder, not filled in",
                "warning: SCALE_UP_DELAY=300 (line 9) is the prototype's name for the cooldown: read as COOLDOWN_SECONDS=300",
                "warning: SCALE_DOWN_DELAY=600 (line 10) is the prototype's name for the scale-down delay: read as SCALE_DOWN_DELAY_SECONDS=600");
    }

    @Test
    void thePrototypesTemplateFilledInIsValidWithItsDelaysAsCooldownAndScaleDownDelay() {
        Path file = EnvFiles.write(dir, EnvFiles.PROTOTYPE_TEMPLATE, "your_paperspace_api_key_here", API_KEY,
                "your_primary_machine_id", "ps8a1b2c3", "your_secondary_machine_id", "ps9d4e5f6",
                "SCALE_UP_DELAY=300", "SCALE_UP_DELAY=240", "SCALE_DOWN_DELAY=600", "SCALE_DOWN_DELAY=720");

        InProcessRun run = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(run.stdout()).contains(": valid\n", "for 720 s", "cooldown 240 s", "warning: SCALE_UP_DELAY=240 (line 9)");
    }

    @Test
    void aBadFileListsEveryProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.env"), "PROVIDER=aws\nCPU_UP_THRESHOLD=150\nSCALE_UP_TRESHOLD=6\nADMIN_TOKEN=\n");

        InProcessRun run = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains(": 5 problems\n", "PROVIDER=aws (line 1) is not allowed: use kubernetes or local or paperspace",
                "CPU_UP_THRESHOLD=150 (line 2) is not allowed: use a number 0-100",
                "unknown key SCALE_UP_TRESHOLD (line 3): did you mean SCALE_UP_THRESHOLD?",
                "PRIMARY_MACHINE_ID is required", "SECONDARY_MACHINE_ID is required");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void aMissingFileIsAProblemNotAStackTrace() {
        InProcessRun run = InProcessRun.of("config", "check", "--config", dir.resolve("absent").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("the file does not exist");
        assertThat(run.stderr()).isEmpty();
    }
}
