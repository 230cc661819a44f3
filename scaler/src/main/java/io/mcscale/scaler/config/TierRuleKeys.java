package io.mcscale.scaler.config;

import io.mcscale.core.model.UserTier;
import io.mcscale.core.policy.TierRule;
import io.mcscale.core.policy.TierRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The per-tier rules from the {@code TIER_<T>_...} keys. A tier none of whose keys is set has no
 * rules; {@code TIER_<T>_VOTES_TO_SCALE_UP} left empty is 1. The form and range of each value are
 * checked by {@link ConfigKey}; the rules across keys (a down threshold below its up one, votes no
 * more than the tier's rules) by {@link TierRule}, whose messages name the keys.
 */
final class TierRuleKeys {
    private TierRuleKeys() {
    }

    /**
     * @param value    a key's value when it is set and well formed
     * @param problems receives each tier's broken cross-key rule; that tier then has no rules
     */
    static TierRules read(Function<ConfigKey, Optional<String>> value, Consumer<IllegalArgumentException> problems) {
        List<TierRule> rules = new ArrayList<>();
        for (UserTier tier : UserTier.values()) {
            Function<String, Optional<String>> setting = name -> value.apply(ConfigKey.valueOf(TierRule.keyOf(tier, name)));
            OptionalInt usersUp = whole(setting.apply("USERS_UP"));
            OptionalInt usersDown = whole(setting.apply("USERS_DOWN"));
            OptionalInt queueUp = whole(setting.apply("QUEUE_UP"));
            OptionalInt queueDown = whole(setting.apply("QUEUE_DOWN"));
            OptionalDouble waitUp = decimal(setting.apply("RESPONSE_UP_SECONDS"));
            OptionalDouble waitDown = decimal(setting.apply("RESPONSE_DOWN_SECONDS"));
            OptionalInt votes = whole(setting.apply("VOTES_TO_SCALE_UP"));
            boolean anySet = usersUp.isPresent() || usersDown.isPresent() || queueUp.isPresent() || queueDown.isPresent()
                    || waitUp.isPresent() || waitDown.isPresent() || votes.isPresent();
            if (!anySet) {
                continue;
            }
            try {
                rules.add(new TierRule(tier, usersUp, usersDown, queueUp, queueDown, waitUp, waitDown, votes.orElse(1)));
            } catch (IllegalArgumentException e) {
                problems.accept(e);
            }
        }
        return new TierRules(rules);
    }

    private static OptionalInt whole(Optional<String> text) {
        return text.map(t -> OptionalInt.of(Integer.parseInt(t))).orElse(OptionalInt.empty());
    }

    private static OptionalDouble decimal(Optional<String> text) {
        return text.map(t -> OptionalDouble.of(Double.parseDouble(t))).orElse(OptionalDouble.empty());
    }
}
