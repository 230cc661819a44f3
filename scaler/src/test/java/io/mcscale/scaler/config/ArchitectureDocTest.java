package io.mcscale.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/ARCHITECTURE.md states Contract 2 as the loader knows it, and the docs never point outside the repository. */
class ArchitectureDocTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** A relative path up out of the repository, a link to an absolute path, or a folder the project shares with others. */
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./|/shared/|\\]\\(/|shared folder");

    @Test
    void contractTwoListsEveryKeyWithItsDefault() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/ARCHITECTURE.md"), StandardCharsets.UTF_8);

        for (ConfigKey key : ConfigKey.values()) {
            String defaultCell = key.defaultValue().isEmpty() ? "(not set)" : "`" + key.defaultValue() + "`";
            assertThat(doc).as("docs/ARCHITECTURE.md documents " + key.name()).contains("| `" + key.name() + "` | " + defaultCell + " |");
        }
    }

    @Test
    void theReadmeAndTheDocsPointOnlyInsideTheRepository() throws IOException {
        List<Path> pages;
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            pages = Stream.concat(Stream.of(ROOT.resolve("README.md")), docs.filter(p -> p.toString().endsWith(".md"))).toList();
        }
        for (Path page : pages) {
            List<String> outside = Files.readAllLines(page, StandardCharsets.UTF_8).stream()
                    .filter(line -> OUTSIDE.matcher(line).find()).toList();
            assertThat(outside).as(ROOT.relativize(page) + " points outside the repository").isEmpty();
        }
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("docs/ARCHITECTURE.md");
    }
}
