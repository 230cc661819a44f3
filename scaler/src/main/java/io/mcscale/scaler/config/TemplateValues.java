package io.mcscale.scaler.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What users' files carry over from the templates they started from: the prototype's names for
 * two timings, placeholders never replaced, and the guide's example machine ids.
 */
final class TemplateValues {
    /**
     * The prototype's template names two timings differently; they are read as the key they mean.
     * Its SCALE_UP_DELAY is the pause between scaling actions, its SCALE_DOWN_DELAY how long load must stay low.
     */
    private static final Map<String, ConfigKey> PROTOTYPE_NAMES = Map.of(
            "SCALE_UP_DELAY", ConfigKey.COOLDOWN_SECONDS,
            "SCALE_DOWN_DELAY", ConfigKey.SCALE_DOWN_DELAY_SECONDS);
    private static final Map<ConfigKey, String> MEANING = Map.of(
            ConfigKey.COOLDOWN_SECONDS, "the cooldown",
            ConfigKey.SCALE_DOWN_DELAY_SECONDS, "the scale-down delay");
    /** Template values that were never replaced: {@code your_paperspace_api_key_here}, {@code your_primary_machine_id}, {@code <key>}. */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)your[_-].*|.*[_-]here|<[^>]*>|changeme|change[_-]me|replace[_-]?me|x{3,}");
    /** The guide's example machine ids (its step 3): valid ids, but probably not the user's. */
    private static final Set<String> GUIDE_EXAMPLE_IDS = Set.of("ps1234567", "ps7654321");

    private TemplateValues() {
    }

    /** The key a prototype name stands for, e.g. SCALE_UP_DELAY → COOLDOWN_SECONDS. */
    static Optional<ConfigKey> prototypeName(String name) {
        return Optional.ofNullable(PROTOTYPE_NAMES.get(name));
    }

    /** What a key that has a prototype name means, in words: "the cooldown". */
    static String meaning(ConfigKey key) {
        return MEANING.getOrDefault(key, key.name());
    }

    static boolean isPlaceholder(String value) {
        return PLACEHOLDER.matcher(value).matches();
    }

    /** Whether a machine id value (one id or a comma list) holds one of the guide's example ids. */
    static boolean hasGuideExampleId(ConfigKey key, String value) {
        return (key == ConfigKey.PRIMARY_MACHINE_ID || key == ConfigKey.SECONDARY_MACHINE_ID)
                && Arrays.stream(value.split(",")).map(String::strip).anyMatch(GUIDE_EXAMPLE_IDS::contains);
    }
}
