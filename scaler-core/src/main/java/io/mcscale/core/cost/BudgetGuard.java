package io.mcscale.core.cost;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * {@code MONTHLY_BUDGET_USD}: while the month's projected cost ({@link MonthCost#projectedMonthUsd()})
 * is above the budget, the scaler starts no more machines. Failover is not a scale-up and is never
 * held back: keeping the service up beats keeping the budget. Without a budget nothing is held.
 */
public final class BudgetGuard {
    private BudgetGuard() {
    }

    /** The guard's verdict; {@code reason} reads as a decision reason ("budget: ..."). */
    public record Verdict(boolean blocksScaleUp, OptionalDouble budgetUsd, double projectedUsd, String reason) {
    }

    /** The verdict without a budget: nothing is held back. */
    public static final Verdict NO_BUDGET = new Verdict(false, OptionalDouble.empty(), 0, "budget: none set");

    public static Verdict check(OptionalDouble monthlyBudgetUsd, MonthCost month) {
        double projected = month.projectedMonthUsd();
        if (monthlyBudgetUsd.isEmpty()) {
            return new Verdict(false, monthlyBudgetUsd, projected, "budget: none set");
        }
        double budget = monthlyBudgetUsd.getAsDouble();
        boolean over = projected > budget;
        String reason = String.format(Locale.ROOT, "budget: month projected at $%.2f %s MONTHLY_BUDGET_USD $%.2f%s",
                projected, over ? ">" : "<=", budget, over ? ", not scaling up (failover still allowed)" : "");
        return new Verdict(over, monthlyBudgetUsd, projected, reason);
    }
}
