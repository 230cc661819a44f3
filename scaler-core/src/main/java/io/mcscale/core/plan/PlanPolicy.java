package io.mcscale.core.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One entry of {@code --policy}: {@code guide}, {@code predictive} or {@code always-on:N}.
 *
 * @param instances N for always-on; 0 for the scaled policies
 */
public record PlanPolicy(String name, Kind kind, int instances) {
    public enum Kind { GUIDE, PREDICTIVE, ALWAYS_ON }

    public static final String DEFAULT_LIST = "guide,predictive,always-on:1,always-on:2";

    /** Parses a comma list; an unknown entry is an error naming it and the allowed forms. */
    public static List<PlanPolicy> parseList(String list) {
        List<PlanPolicy> policies = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String raw : list.split(",", -1)) {
            String entry = raw.strip();
            if (!seen.add(entry)) {
                continue;
            }
            policies.add(parse(entry));
        }
        return policies;
    }

    static PlanPolicy parse(String entry) {
        if (entry.equals("guide")) {
            return new PlanPolicy("guide", Kind.GUIDE, 0);
        }
        if (entry.equals("predictive")) {
            return new PlanPolicy("predictive", Kind.PREDICTIVE, 0);
        }
        if (entry.startsWith("always-on:")) {
            String count = entry.substring("always-on:".length());
            if (count.matches("[0-9]{1,3}") && Integer.parseInt(count) >= 1) {
                return new PlanPolicy(entry, Kind.ALWAYS_ON, Integer.parseInt(count));
            }
            throw new IllegalArgumentException("--policy " + entry + ": N in always-on:N must be a whole number 1-999");
        }
        throw new IllegalArgumentException("--policy has '" + entry + "': use a comma list of guide, predictive and always-on:N");
    }
}
