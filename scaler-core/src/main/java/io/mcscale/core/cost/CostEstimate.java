package io.mcscale.core.cost;

/**
 * The guide's monthly cost table, computed from a usage pattern: low-usage hours with only the
 * primary running, peak hours with primary and secondary running, set beside the two
 * alternatives the guide compares against (an always-on dual setup and a single A100).
 *
 * <p>Every nominal "per month" figure (this estimate, {@code mcscale plan}, {@code mcscale doctor}) uses
 * {@link #HOURS_PER_MONTH}, the guide's 720 h month, so that always-on dual is the guide's $734.40 everywhere.
 * Only the month's actual cost ({@link MonthCost}: the status API, the budget guard, {@code cost report})
 * uses the real UTC calendar month, since that is what Paperspace bills.
 *
 * @param hourlyRateUsd       price of one machine per hour (the guide's P4000: 0.51)
 * @param lowHours            hours per month with one machine running
 * @param peakHours           hours per month with two machines running
 * @param hoursPerMonth       length of the month the alternatives run for
 * @param a100HourlyRateUsd   price of the single-A100 alternative per hour (the guide's 2.30)
 */
public record CostEstimate(
        double hourlyRateUsd, double lowHours, double peakHours, double hoursPerMonth, double a100HourlyRateUsd) {

    /** The nominal month of every "per month" figure: 30 days, as the guide counts it. */
    public static final double HOURS_PER_MONTH = 720;
    public static final double DEFAULT_A100_HOURLY_RATE_USD = 2.30;

    public CostEstimate {
        CostInputs.requirePositive("rate", hourlyRateUsd, "give the price of one machine in USD per hour, e.g. 0.51");
        CostInputs.requireNonNegative("low-hours", lowHours, "give the hours per month with only the primary running, e.g. 500");
        CostInputs.requireNonNegative("peak-hours", peakHours, "give the hours per month with both machines running, e.g. 200");
        CostInputs.requirePositive("hours-per-month", hoursPerMonth, "give the length of a month in hours, e.g. 720");
        CostInputs.requirePositive("a100-rate", a100HourlyRateUsd, "give the A100 price in USD per hour, e.g. 2.30");
        if (lowHours + peakHours > hoursPerMonth) {
            throw new IllegalArgumentException("low-hours + peak-hours: " + CostInputs.plain(lowHours + peakHours)
                    + " h is more than the " + CostInputs.plain(hoursPerMonth)
                    + " h month; lower them or raise --hours-per-month");
        }
    }

    /** Cost of the low-usage hours: one machine. */
    public double lowUsageUsd() {
        return lowHours * hourlyRateUsd;
    }

    /** Cost of the peak hours: two machines. */
    public double peakUsageUsd() {
        return peakHours * 2 * hourlyRateUsd;
    }

    /** The guide's "total estimated": low plus peak. */
    public double monthlyTotalUsd() {
        return lowUsageUsd() + peakUsageUsd();
    }

    /** Hours of the month in neither period. The primary is always on, so they still cost one machine each. */
    public double uncoveredHours() {
        return hoursPerMonth - lowHours - peakHours;
    }

    public double uncoveredUsd() {
        return uncoveredHours() * hourlyRateUsd;
    }

    public double alwaysOnDualUsd() {
        return hoursPerMonth * 2 * hourlyRateUsd;
    }

    public double singleA100Usd() {
        return hoursPerMonth * a100HourlyRateUsd;
    }

    /** How much cheaper autoscaling is than always-on dual, in percent of the dual cost. */
    public double savingsVsDualPercent() {
        return CostInputs.savingsPercent(monthlyTotalUsd(), alwaysOnDualUsd());
    }

    public double savingsVsA100Percent() {
        return CostInputs.savingsPercent(monthlyTotalUsd(), singleA100Usd());
    }
}
