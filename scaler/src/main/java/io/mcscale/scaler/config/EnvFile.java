package io.mcscale.scaler.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code KEY=VALUE} lines the way shells and the guide write them: blank lines and
 * {@code #} comments are skipped, an {@code export } prefix is tolerated, a value may be in
 * single or double quotes, and an unquoted value ends at a {@code #} that follows a space
 * (the guide writes {@code PRIMARY_MACHINE_ID=ps1234567  # Your current machine ID}).
 */
final class EnvFile {
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s#.*$", Pattern.DOTALL);
    private static final Pattern LINE = Pattern.compile("\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*");

    /** A value and the line it came from. */
    record Entry(String value, int line) {
    }

    private EnvFile() {
    }

    /** Parses the text; malformed lines and keys set twice are added to {@code problems}, naming the line. */
    static Map<String, Entry> parse(String text, List<String> problems) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                // The line is not echoed: it may hold a secret.
                problems.add("line " + lineNumber + " is not KEY=VALUE (a comment starts with #)");
                continue;
            }
            String key = matcher.group(1);
            String value;
            try {
                value = unquote(matcher.group(2));
            } catch (IllegalArgumentException e) {
                problems.add("line " + lineNumber + " (" + key + "): " + e.getMessage());
                continue;
            }
            Entry earlier = entries.put(key, new Entry(value, lineNumber));
            if (earlier != null) {
                problems.add(key + " is set twice (lines " + earlier.line() + " and " + lineNumber + "): keep one");
            }
        }
        return entries;
    }

    /**
     * A value as an environment variable holds it: an unquoted value ends at a {@code #} that
     * follows a space, as in the file. systemd's {@code EnvironmentFile=} keeps that comment.
     */
    static String withoutInlineComment(String value) {
        String stripped = value.strip();
        if (stripped.startsWith("\"") || stripped.startsWith("'")) {
            return stripped;
        }
        return INLINE_COMMENT.matcher(stripped).replaceFirst("").strip();
    }

    private static String unquote(String raw) {
        if (raw.startsWith("\"") || raw.startsWith("'")) {
            char quote = raw.charAt(0);
            int end = raw.indexOf(quote, 1);
            if (end < 0) {
                throw new IllegalArgumentException("the value opens a " + quote + " quote but never closes it");
            }
            String rest = raw.substring(end + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw new IllegalArgumentException("unexpected text after the closing quote");
            }
            return raw.substring(1, end);
        }
        List<String> words = new ArrayList<>();
        for (String word : raw.split("\\s+", -1)) {
            if (word.startsWith("#")) {
                break;
            }
            words.add(word);
        }
        return String.join(" ", words).strip();
    }
}
