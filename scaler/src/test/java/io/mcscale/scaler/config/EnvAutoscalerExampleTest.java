package io.mcscale.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/.env.autoscaler.example, which install.sh copies: it must list every key with its default, and load. */
class EnvAutoscalerExampleTest {
    private static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("deploy/.env.autoscaler.example");

    @Test
    void shouldListEveryKeyWithItsDefault() throws Exception {
        var lines = Files.readAllLines(EXAMPLE);

        for (ConfigKey key : ConfigKey.values()) {
            assertThat(lines).as(key.name()).contains(key.name() + "=" + key.defaultValue());
        }
    }

    @Test
    void shouldLoadOnceTheMachinesAndTheKeyAreFilledIn() {
        var config = AutoscalerConfig.load(EXAMPLE,
                Map.of("PAPERSPACE_API_KEY", "abcd-not-a-real-key", "PRIMARY_MACHINE_ID", "ps1234567", "SECONDARY_MACHINE_ID", "ps7654321"));

        assertThat(config.group().primary().machineId()).isEqualTo("ps1234567");
    }
}
