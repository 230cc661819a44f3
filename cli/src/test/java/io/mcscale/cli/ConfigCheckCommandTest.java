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
    void tierRulesAreSummarisedAndABrokenOneNamesItsKeys() throws IOException {
        Path file = EnvFiles.write(dir, EnvFiles.GUIDE, "your_actual_api_key_here", API_KEY);
        Files.writeString(file, "TIER_ENTERPRISE_RESPONSE_UP_SECONDS=1\nTIER_PRO_QUEUE_UP=3\nTIER_PRO_USERS_UP=2\n"
                + "TIER_PRO_VOTES_TO_SCALE_UP=2\n", java.nio.file.StandardOpenOption.APPEND);

        InProcessRun valid = InProcessRun.of("config", "check", "--config", file.toString());
        Files.writeString(file, "TIER_FREE_RESPONSE_DOWN_SECONDS=2\n", java.nio.file.StandardOpenOption.APPEND);
        InProcessRun broken = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(valid.exitCode()).as(valid.stdout()).isZero();
        assertThat(valid.stdout()).contains(
                "  tier pro    2 of: users >= 2 per instance, queue > 3; scale down also needs users < 2 per remaining instance, queue <= 3\n",
                "  tier enterprise 1 of: wait > 1 s; scale down also needs wait <= 1 s\n");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.stdout()).contains("TIER_FREE_RESPONSE_DOWN_SECONDS is set without TIER_FREE_RESPONSE_UP_SECONDS");
    }

    @Test
    void regionKeysAreSummarisedWhenSetAndAMalformedOneNamesItsKeyValueAndFix() throws IOException {
        Path file = EnvFiles.write(dir, EnvFiles.GUIDE, "your_actual_api_key_here", API_KEY);
        String base = Files.readString(file);
        Files.writeString(file, base + "REGION_PREFERENCE=ny2,West Coast (CA1)\nREGION_WEIGHTS=ca1=backup\n");

        InProcessRun valid = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(valid.exitCode()).as(valid.stdout()).isZero();
        assertThat(valid.stdout()).contains("regions     start in ny2 > West Coast (CA1), next region after 120 s still off, "
                + "nginx weights ca1=backup");

        Files.writeString(file, base + "REGION_WEIGHTS=ca1=heavy\n");
        InProcessRun bad = InProcessRun.of("config", "check", "--config", file.toString());

        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stdout()).contains("REGION_WEIGHTS=ca1=heavy is not allowed: 'ca1=heavy': invalid weight 'heavy': use 1-100 or backup");
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
