package io.mcscale.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md documents every key the loader knows, with its default. */
class ConfigDocsTest {
    private static final Path CONFIGURATION_DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/CONFIGURATION.md");

    @Test
    void theConfigurationDocListsEveryKeyWithItsDefault() throws IOException {
        String doc = Files.readString(CONFIGURATION_DOC, StandardCharsets.UTF_8);

        for (ConfigKey key : ConfigKey.values()) {
            String defaultCell = key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`";
            assertThat(doc).as("docs/CONFIGURATION.md documents " + key.name()).contains("| `" + key.name() + "` | " + defaultCell + " |");
        }
    }
}
