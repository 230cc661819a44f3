package io.mcscale.platform.auth;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many workers' worth each tier's users count for in the fair-share claim: the next simulation
 * goes to the backlogged user with the fewest running simulations per unit of weight. With the
 * defaults (free 1, pro 2, enterprise 4) and every tier backlogged, an enterprise user holds four
 * times the workers a free user holds. A user with nothing running always comes before one with
 * something running, whatever the weights, so no backlogged user starves.
 */
public record TierWeights(int free, int pro, int enterprise) {
    public static final int MAX_WEIGHT = 1000;
    public static final TierWeights DEFAULT = new TierWeights(1, 2, 4);
    private static final String EXAMPLE = "free=1,pro=2,enterprise=4";

    public TierWeights {
        for (int weight : new int[] {free, pro, enterprise}) {
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("tier weights must be whole numbers from 1 to " + MAX_WEIGHT + ", got " + free
                        + ", " + pro + ", " + enterprise);
            }
        }
    }

    public int weight(Tier tier) {
        return switch (tier) {
            case FREE -> free;
            case PRO -> pro;
            case ENTERPRISE -> enterprise;
        };
    }

    /**
     * Reads {@code free=1,pro=2,enterprise=4}; a tier left out keeps its default weight.
     *
     * @param source what the text came from, for the message (e.g. {@code --tier-weights})
     * @throws IllegalArgumentException naming the source, the bad part and the fix
     */
    public static TierWeights parse(String text, String source) {
        Map<Tier, Integer> weights = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            weights.put(tier, DEFAULT.weight(tier));
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(source + " is empty; give tier=weight pairs, e.g. " + EXAMPLE);
        }
        Map<Tier, Integer> seen = new EnumMap<>(Tier.class);
        for (String part : text.split(",", -1)) {
            String pair = part.trim();
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(source + ": '" + pair + "' is not tier=weight; write e.g. " + EXAMPLE);
            }
            String name = pair.substring(0, equals).trim();
            Optional<Tier> tier = Tier.fromWire(name);
            if (tier.isEmpty()) {
                throw new IllegalArgumentException(source + ": unknown tier '" + name + "'; the tiers are " + Tier.choices()
                        + ", e.g. " + EXAMPLE);
            }
            if (seen.containsKey(tier.get())) {
                throw new IllegalArgumentException(source + ": tier '" + name + "' is given twice; give each tier once, e.g. "
                        + EXAMPLE);
            }
            String value = pair.substring(equals + 1).trim();
            int weight;
            try {
                weight = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                weight = 0;
            }
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException(source + ": the weight of " + name + " must be a whole number from 1 to "
                        + MAX_WEIGHT + ", got '" + value + "'; e.g. " + EXAMPLE);
            }
            seen.put(tier.get(), weight);
            weights.put(tier.get(), weight);
        }
        return new TierWeights(weights.get(Tier.FREE), weights.get(Tier.PRO), weights.get(Tier.ENTERPRISE));
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return "free=" + free + ",pro=" + pro + ",enterprise=" + enterprise;
    }
}
