package io.mcscale.cli.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of users and their API keys for {@code mcscale load --keys-file}: one {@code NAME KEY} a line, as
 * {@code mcscale users add} prints the key. Blank lines and lines starting with {@code #} are skipped.
 * A message about a bad line names its number, never its content (it may hold a key).
 */
public final class KeysFile {
    private KeysFile() {
    }

    public static List<LoadUser> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--keys-file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions");
        }
        List<LoadUser> users = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length != 2) {
                throw new IllegalArgumentException("--keys-file " + file + " line " + (i + 1) + " must be 'NAME KEY' (two words: the user"
                        + " and the key mcscale users add printed)");
            }
            users.add(new LoadUser(words[0], words[1]));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("--keys-file " + file + " holds no 'NAME KEY' line; add one per user (mcscale users add NAME)");
        }
        return List.copyOf(users);
    }
}
