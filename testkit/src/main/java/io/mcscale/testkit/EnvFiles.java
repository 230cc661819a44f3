package io.mcscale.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code .env.autoscaler} files as users have them: {@code guide.env.autoscaler} (the guide's
 * step 3, inline comments and its unfilled API key included) and
 * {@code prototype-template.env.autoscaler} (the prototype's template: placeholders, and
 * {@code SCALE_UP_DELAY}/{@code SCALE_DOWN_DELAY} for the cooldown and the scale-down delay).
 */
public final class EnvFiles {
    public static final String GUIDE = "guide.env.autoscaler";
    public static final String PROTOTYPE_TEMPLATE = "prototype-template.env.autoscaler";

    private EnvFiles() {
    }

    public static String text(String name) {
        try (InputStream in = EnvFiles.class.getResourceAsStream("envfiles/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no env file fixture named " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the fixture into {@code dir}, with each {@code replacements} pair (old, new) applied to its text. */
    public static Path write(Path dir, String name, String... replacements) {
        String text = text(name);
        for (int i = 0; i + 1 < replacements.length; i += 2) {
            if (!text.contains(replacements[i])) {
                throw new IllegalArgumentException(name + " has no '" + replacements[i] + "' to replace");
            }
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        try {
            return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
