package io.mcscale.scaler.config;

import java.util.List;

/** The configuration is not usable; the message lists every problem, each naming its key. Bad input: exit 2. */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(problems.size() == 1
                ? "invalid configuration (" + source + "): " + problems.get(0)
                : "invalid configuration (" + source + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
