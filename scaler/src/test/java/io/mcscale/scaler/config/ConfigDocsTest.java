package io.mcscale.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README documents exactly the keys the loader knows, with their defaults. */
class ConfigDocsTest {
    private static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");

    @Test
    void theReadmeListsEveryKeyWithItsDefault() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);

        for (ConfigKey key : ConfigKey.values()) {
            String defaultCell = key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`";
            assertThat(readme).as("README documents " + key.name()).contains("| `" + key.name() + "` | " + defaultCell + " |");
        }
    }
}
