package io.mcscale.cli;

import io.mcscale.core.cost.CostEstimate;
import io.mcscale.core.plan.PlanOutcome;
import io.mcscale.core.plan.TierWaits;
import java.util.List;
import java.util.Locale;

/**
 * The human form of {@code mcscale plan}: one row per policy with its cost, its cost per nominal month
 * ({@link CostEstimate#HOURS_PER_MONTH}), how that compares with two machines always on (the guide's
 * "always-on dual"), and its waits.
 * A demand with a tier column adds a second block: each policy's waits per tier.
 */
final class PlanTable {
    private static final String ROW = "%-14s %10s %11s %9s %9s %10s %9s %8s %8s %4s%n";
    private static final String TIER_ROW = "%-14s %-11s %11s %9s %8s %10s%n";

    private PlanTable() {
    }

    static String render(List<PlanOutcome> outcomes, double hourlyRateUsd) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, ROW, "policy", "cost", "per month", "vs dual", "inst-h", "mean wait",
                "p95 wait", "slow", "actions", "max"));
        double dualPerMonth = 2 * hourlyRateUsd * CostEstimate.HOURS_PER_MONTH;
        for (PlanOutcome o : outcomes) {
            String versusDual = dualPerMonth == 0 ? "-"
                    : String.format(Locale.ROOT, "%+.1f%%", 100 * (o.costPerMonthUsd() / dualPerMonth - 1));
            out.append(String.format(Locale.ROOT, ROW, o.policy(), Money.usd(o.costUsd()), Money.usd(o.costPerMonthUsd()),
                    versusDual, String.format(Locale.ROOT, "%.2f", o.instanceHours()), seconds(o.meanWaitSeconds()),
                    seconds(o.p95WaitSeconds()), String.format(Locale.ROOT, "%.2f%%", 100 * o.slowFraction()),
                    o.actions(), o.maxInstances()));
        }
        if (outcomes.stream().anyMatch(o -> !o.tiers().isEmpty())) {
            out.append(System.lineSeparator());
            out.append(String.format(Locale.ROOT, TIER_ROW, "policy", "tier", "simulations", "p95 wait", "slow", "slow after"));
            for (PlanOutcome o : outcomes) {
                for (TierWaits t : o.tiers()) {
                    double slowShare = t.simulations() == 0 ? 0 : 100.0 * t.slowSimulations() / t.simulations();
                    out.append(String.format(Locale.ROOT, TIER_ROW, o.policy(), t.tier().wire(), t.simulations(),
                            seconds(t.p95WaitSeconds()), String.format(Locale.ROOT, "%.2f%%", slowShare),
                            seconds(t.slowAfterSeconds())));
                }
            }
        }
        return out.toString();
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f s", value);
    }
}
