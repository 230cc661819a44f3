package io.mcscale.scaler.config;

import java.util.List;
import java.util.Optional;

/**
 * What {@code .env.autoscaler} amounts to: the configuration when it is usable, every problem
 * when it is not, and the warnings either way. The daemon and {@code mcscale config check} both
 * come here, so they accept and refuse the same files. Each problem and warning names its key,
 * the value (secrets masked to 4 characters) and the fix.
 *
 * @param source where the values came from, e.g. {@code /etc/.../.env.autoscaler + environment}
 */
public record ConfigCheck(String source, Optional<AutoscalerConfig> config, List<String> problems, List<String> warnings) {
    public ConfigCheck {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    /** The configuration, or a {@link ConfigException} listing every problem. */
    public AutoscalerConfig orThrow() {
        return config.orElseThrow(() -> new ConfigException(source, problems));
    }
}
