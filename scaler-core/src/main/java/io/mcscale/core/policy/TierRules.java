package io.mcscale.core.policy;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.TierMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The per-tier rules of the policy: at most one {@link TierRule} per tier, none by default. Each
 * tier with rules is a vote group beside the guide's: the group scales up when the guide's votes
 * suffice OR any tier's do, and scales down only when the guide's down-conditions AND every tier
 * condition are low. A tier's figures that were not reported (an older platform) cannot vote up and
 * hold a scale-down back; figures from only some of the serving instances may vote up (their sums
 * and maxima are lower bounds) but not down. Reason codes carry the tier: {@code enterprise:wait>1s}.
 */
public record TierRules(List<TierRule> rules) {
    public static final TierRules NONE = new TierRules(List.of());

    public TierRules {
        rules = rules.stream().sorted(Comparator.comparing(TierRule::tier)).toList();
        for (int i = 1; i < rules.size(); i++) {
            if (rules.get(i).tier() == rules.get(i - 1).tier()) {
                throw new IllegalArgumentException("the " + rules.get(i).tier().wire() + " tier has two sets of rules");
            }
        }
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * What the tier groups say about one evaluation's metrics.
     *
     * @param up      some tier has the votes it needs
     * @param upVotes the holding conditions of the tiers that have their votes
     * @param allLow  every tier condition is low (true without rules)
     * @param low     the codes of every tier's low conditions, meaningful when {@code allLow}
     * @param tally   every tier's holding conditions and vote count, or why its figures are missing
     */
    public record Verdict(boolean up, List<String> upVotes, boolean allLow, List<String> low, List<String> tally) {
        static final Verdict NO_RULES = new Verdict(false, List.of(), true, List.of(), List.of());
    }

    /** The tiers' verdict on the aggregated metrics; without metrics the tiers cannot vote and are not low. */
    public Verdict evaluate(Optional<GroupMetrics> metrics) {
        if (rules.isEmpty()) {
            return Verdict.NO_RULES;
        }
        boolean up = false;
        boolean allLow = metrics.isPresent();
        List<String> upVotes = new ArrayList<>();
        List<String> low = new ArrayList<>();
        List<String> tally = new ArrayList<>();
        for (TierRule rule : rules) {
            String prefix = rule.tier().wire() + ":";
            Optional<TierMetrics> tiers = metrics.flatMap(GroupMetrics::tiers);
            if (tiers.isEmpty()) {
                allLow = false;
                if (metrics.isPresent()) {
                    tally.add(prefix + "no tier data");
                }
                continue;
            }
            int n = metrics.get().servingInstances();
            TierLoad load = tiers.get().load(rule.tier());
            List<String> holding = holding(rule, load, n, prefix);
            if (holding.size() >= rule.votesToScaleUp()) {
                up = true;
                upVotes.addAll(holding);
            }
            tally.addAll(holding);
            tally.add(prefix + holding.size() + " of " + rule.votesToScaleUp() + " votes");
            if (tiers.get().instances() < n) {
                allLow = false;
                tally.add(prefix + "tier data from " + tiers.get().instances() + " of " + n + " instances");
            } else {
                Optional<List<String>> lowCodes = lowConditions(rule, load, n, prefix);
                allLow &= lowCodes.isPresent();
                lowCodes.ifPresent(low::addAll);
            }
        }
        return new Verdict(up, upVotes, allLow, low, tally);
    }

    private static List<String> holding(TierRule rule, TierLoad load, int n, String prefix) {
        List<String> codes = new ArrayList<>(3);
        if (rule.usersUpPerInstance().isPresent()) {
            long usersUp = (long) rule.usersUpPerInstance().getAsInt() * n;
            if (load.activeUsers() >= usersUp) {
                codes.add(prefix + "active_users>=" + usersUp);
            }
        }
        if (rule.queueUp().isPresent() && load.queueLength() > rule.queueUp().getAsInt()) {
            codes.add(prefix + "queue>" + rule.queueUp().getAsInt());
        }
        if (rule.waitUpSeconds().isPresent() && load.avgWaitSeconds() > rule.waitUpSeconds().getAsDouble()) {
            codes.add(prefix + "wait>" + Reasons.number(rule.waitUpSeconds().getAsDouble()) + "s");
        }
        return codes;
    }

    /** The codes of the tier's low conditions when all of them are low; empty when one is not. */
    private static Optional<List<String>> lowConditions(TierRule rule, TierLoad load, int n, String prefix) {
        List<String> codes = new ArrayList<>(3);
        if (rule.usersUpPerInstance().isPresent()) {
            if (rule.usersDownPerInstance().isPresent()) {
                long usersDown = (long) rule.usersDownPerInstance().getAsInt() * (n - 1);
                if (load.activeUsers() > usersDown) {
                    return Optional.empty();
                }
                codes.add(prefix + "active_users<=" + usersDown);
            } else {
                long usersUpAfter = (long) rule.usersUpPerInstance().getAsInt() * (n - 1);
                if (load.activeUsers() >= usersUpAfter) {
                    return Optional.empty();
                }
                codes.add(prefix + "active_users<" + usersUpAfter);
            }
        }
        if (rule.queueUp().isPresent()) {
            int queueLow = rule.queueDown().orElse(rule.queueUp().getAsInt());
            if (load.queueLength() > queueLow) {
                return Optional.empty();
            }
            codes.add(prefix + "queue<=" + queueLow);
        }
        if (rule.waitUpSeconds().isPresent()) {
            boolean withDown = rule.waitDownSeconds().isPresent();
            double limit = withDown ? rule.waitDownSeconds().getAsDouble() : rule.waitUpSeconds().getAsDouble();
            if (withDown ? !(load.avgWaitSeconds() < limit) : !(load.avgWaitSeconds() <= limit)) {
                return Optional.empty();
            }
            codes.add(prefix + "wait" + (withDown ? "<" : "<=") + Reasons.number(limit) + "s");
        }
        return Optional.of(codes);
    }
}
