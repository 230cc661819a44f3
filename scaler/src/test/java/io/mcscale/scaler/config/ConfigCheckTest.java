package io.mcscale.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.testkit.EnvFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The check the daemon and {@code mcscale config check} share: every problem at once, warnings apart, secrets masked. */
class ConfigCheckTest {
    private static final String API_KEY = "psk_live_0123456789abcdef";

    @TempDir
    Path dir;

    record FixtureCase(
            String name,
            // the file
            String fixture,
            List<String> replacements,
            // expected
            List<String> problemsContaining,
            List<String> warningsContaining) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FixtureCase> usersFiles() {
        return Stream.of(
                new FixtureCase("the guide's file as printed: its API key is not filled in",
                        EnvFiles.GUIDE, List.of(),
                        List.of("PAPERSPACE_API_KEY=your**** (line 1) is a template placeholder, not filled in: set it to the Paperspace API key"),
                        List.of("PRIMARY_MACHINE_ID=ps1234567 (line 2) is the guide's example value",
                                "SECONDARY_MACHINE_ID=ps7654321 (line 3) is the guide's example value")),
                new FixtureCase("the guide's file with a key",
                        EnvFiles.GUIDE, List.of("your_actual_api_key_here", API_KEY),
                        List.of(),
                        List.of("PRIMARY_MACHINE_ID=ps1234567 (line 2) is the guide's example value",
                                "SECONDARY_MACHINE_ID=ps7654321 (line 3) is the guide's example value")),
                new FixtureCase("the prototype's template as written: three placeholders",
                        EnvFiles.PROTOTYPE_TEMPLATE, List.of(),
                        List.of("PAPERSPACE_API_KEY=your**** (line 2) is a template placeholder, not filled in",
                                "PRIMARY_MACHINE_ID=your_primary_machine_id (line 3) is a template placeholder, not filled in: set it to the id of the always-on primary machine",
                                "SECONDARY_MACHINE_ID=your_secondary_machine_id (line 4) is a template placeholder, not filled in"),
                        List.of("SCALE_UP_DELAY=300 (line 9) is the prototype's name for the cooldown: read as COOLDOWN_SECONDS=300; rename it to COOLDOWN_SECONDS",
                                "SCALE_DOWN_DELAY=600 (line 10) is the prototype's name for the scale-down delay: read as SCALE_DOWN_DELAY_SECONDS=600")),
                new FixtureCase("the prototype's template filled in",
                        EnvFiles.PROTOTYPE_TEMPLATE, List.of("your_paperspace_api_key_here", API_KEY,
                                "your_primary_machine_id", "ps8a1b2c3", "your_secondary_machine_id", "ps9d4e5f6"),
                        List.of(),
                        List.of("SCALE_UP_DELAY=300 (line 9) is the prototype's name for the cooldown",
                                "SCALE_DOWN_DELAY=600 (line 10) is the prototype's name for the scale-down delay")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usersFiles")
    void namesEachProblemAndWarningOfTheFile(FixtureCase c) {
        Path file = EnvFiles.write(dir, c.fixture(), c.replacements().toArray(String[]::new));

        ConfigCheck check = AutoscalerConfig.check(Optional.of(file), Map.of());

        assertThat(check.problems()).hasSize(c.problemsContaining().size());
        for (int i = 0; i < c.problemsContaining().size(); i++) {
            assertThat(check.problems().get(i)).contains(c.problemsContaining().get(i));
        }
        assertThat(check.warnings()).hasSize(c.warningsContaining().size());
        for (int i = 0; i < c.warningsContaining().size(); i++) {
            assertThat(check.warnings().get(i)).contains(c.warningsContaining().get(i));
        }
        assertThat(check.valid()).isEqualTo(c.problemsContaining().isEmpty());
        assertThat(String.join("\n", check.problems()) + String.join("\n", check.warnings()))
                .doesNotContain("your_actual_api_key_here", "your_paperspace_api_key_here", API_KEY.substring(4));
    }

    @Test
    void thePrototypesDelaysBecomeTheCooldownAndTheScaleDownDelay() {
        Path file = EnvFiles.write(dir, EnvFiles.PROTOTYPE_TEMPLATE, "your_paperspace_api_key_here", API_KEY,
                "your_primary_machine_id", "ps8a1b2c3", "your_secondary_machine_id", "ps9d4e5f6",
                "SCALE_UP_DELAY=300", "SCALE_UP_DELAY=120", "SCALE_DOWN_DELAY=600", "SCALE_DOWN_DELAY=900");

        AutoscalerConfig config = AutoscalerConfig.load(file, Map.of());

        assertThat(config.policy().cooldown()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.policy().scaleDownDelay()).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void aPrototypeNameAndItsKeyWithDifferentValuesIsAProblem() throws IOException {
        Path file = write("PROVIDER=local\nPRIMARY_MACHINE_ID=a\nSECONDARY_MACHINE_ID=b\n"
                + "PRIMARY_URL=http://127.0.0.1:8000\nSECONDARY_URL=http://127.0.0.1:8001\n"
                + "SCALE_UP_DELAY=300\nCOOLDOWN_SECONDS=120\n");

        ConfigCheck check = AutoscalerConfig.check(Optional.of(file), Map.of());

        assertThat(check.problems()).containsExactly("SCALE_UP_DELAY=300 (line 6) and COOLDOWN_SECONDS=120 (line 7) both set "
                + "the cooldown: keep COOLDOWN_SECONDS and remove SCALE_UP_DELAY");
    }

    @Test
    void listsEveryProblemOfABadFileNotJustTheFirst() throws IOException {
        Path file = write("""
                PAPERSPACE_API_KEY=<your key>
                PRIMARY_MACHINE_ID=ps1
                SCALE_UP_THRESHOLD=six
                CPU_UP_THRESHOLD=150
                PROVIDER=aws
                SCALE_UP_TRESHOLD=6
                this line has no equals sign
                """);

        ConfigCheck check = AutoscalerConfig.check(Optional.of(file), Map.of());

        assertThat(check.problems()).hasSize(7).anySatisfy(p -> assertThat(p).startsWith("line 7 is not KEY=VALUE"))
                .anySatisfy(p -> assertThat(p).startsWith("PAPERSPACE_API_KEY=<you**** (line 1) is a template placeholder"))
                .anySatisfy(p -> assertThat(p).startsWith("SCALE_UP_THRESHOLD=six (line 3) is not allowed: use a whole number 1-100000"))
                .anySatisfy(p -> assertThat(p).startsWith("CPU_UP_THRESHOLD=150 (line 4) is not allowed: use a number 0-100"))
                .anySatisfy(p -> assertThat(p).startsWith("PROVIDER=aws (line 5) is not allowed: use kubernetes or local or paperspace"))
                .anySatisfy(p -> assertThat(p).startsWith("unknown key SCALE_UP_TRESHOLD (line 6): did you mean SCALE_UP_THRESHOLD?"))
                .anySatisfy(p -> assertThat(p).startsWith("SECONDARY_MACHINE_ID is required"));
        assertThat(check.config()).isEmpty();
    }

    @Test
    void aRefusedThresholdIsNotComparedAgainThroughItsDefault() throws IOException {
        Path file = write("""
                PROVIDER=local
                PRIMARY_MACHINE_ID=ps1
                SECONDARY_MACHINE_ID=ps2
                PRIMARY_URL=http://127.0.0.1:8001
                SECONDARY_URL=http://127.0.0.1:8002
                SCALE_UP_THRESHOLD=abc
                SCALE_DOWN_THRESHOLD=10
                """);

        ConfigCheck check = AutoscalerConfig.check(Optional.of(file), Map.of());

        assertThat(check.problems()).containsExactly(
                "SCALE_UP_THRESHOLD=abc (line 6) is not allowed: use a whole number 1-100000");
    }

    @Test
    void theDaemonRefusesWithTheSameProblemsTheCheckLists() throws IOException {
        Path file = write("PAPERSPACE_API_KEY=your_key_here\nPRIMARY_MACHINE_ID=ps1\nCPU_UP_THRESHOLD=150\n");
        ConfigCheck check = AutoscalerConfig.check(Optional.of(file), Map.of());

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).isEqualTo(check.problems()));
    }

    @Test
    void aMissingFileIsOneProblemNotAnException() {
        ConfigCheck check = AutoscalerConfig.check(Optional.of(dir.resolve("absent.env")), Map.of());

        assertThat(check.problems()).singleElement().asString().contains("does not exist");
    }

    @Test
    void anEnvironmentValueWithSystemdsKeptInlineCommentIsReadAsTheFileIs() {
        Path file = EnvFiles.write(dir, EnvFiles.GUIDE, "your_actual_api_key_here", API_KEY);
        // systemd's EnvironmentFile= hands the same lines to the process with their comments kept.
        Map<String, String> environment = Map.of(
                "PRIMARY_MACHINE_ID", "ps1234567  # Your current machine ID",
                "SCALE_UP_THRESHOLD", "6");

        ConfigCheck check = AutoscalerConfig.check(Optional.of(file), environment);

        assertThat(check.problems()).isEmpty();
        assertThat(check.config().orElseThrow().group().primary().machineId()).isEqualTo("ps1234567");
    }

    @Test
    void regionKeysAreReadWithPaperspacesOwnRegionNames() throws IOException {
        Path file = write("PROVIDER=local\nPRIMARY_MACHINE_ID=a\nSECONDARY_MACHINE_ID=b,c\n"
                + "PRIMARY_URL=http://127.0.0.1:8000\nSECONDARY_URL=http://127.0.0.1:8001,http://127.0.0.1:8002\n"
                + "REGION_PREFERENCE=ny2, West Coast (CA1)\nREGION_WEIGHTS=West Coast (CA1)=backup,ams1=2\nSTART_OFF_TIMEOUT_SECONDS=90\n");

        RegionSettings regions = AutoscalerConfig.load(file, Map.of()).regions();

        assertThat(regions.preference().regions()).containsExactly("ny2", "West Coast (CA1)");
        assertThat(regions.startOffTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(regions.weights().of(Optional.of("West Coast (CA1)")).backup()).isTrue();
        assertThat(regions.weights().of(Optional.of("Europe (AMS1)")).weight()).isEqualTo(2);
        assertThat(regions.weights().of(Optional.of("ny2")).weight()).isEqualTo(1);
    }

    @Test
    void badRegionKeysAreOneLineProblemsNamingTheKeyTheValueAndTheFix() throws IOException {
        Path file = write("PROVIDER=local\nPRIMARY_MACHINE_ID=a\nSECONDARY_MACHINE_ID=b\n"
                + "PRIMARY_URL=http://127.0.0.1:8000\nSECONDARY_URL=http://127.0.0.1:8001\n"
                + "REGION_PREFERENCE=ny2,,ca1\nREGION_WEIGHTS=ca1=heavy,ams1\nSTART_OFF_TIMEOUT_SECONDS=0\n");

        ConfigCheck check = AutoscalerConfig.check(Optional.of(file), Map.of());

        assertThat(check.problems()).containsExactlyInAnyOrder(
                "REGION_PREFERENCE=ny2,,ca1 is not allowed: a region name is empty: list names such as ny2,ca1",
                "REGION_WEIGHTS=ca1=heavy,ams1 is not allowed: 'ca1=heavy': invalid weight 'heavy': use 1-100 or backup",
                "START_OFF_TIMEOUT_SECONDS=0 (line 8) is not allowed: use seconds 1-86400 (decimals allowed)");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve(".env.autoscaler"), text);
    }
}
