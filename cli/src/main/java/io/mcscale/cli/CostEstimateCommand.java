package io.mcscale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mcscale.core.cost.CostEstimate;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcscale cost estimate}: the guide's "Expected Monthly Costs" table for a usage pattern. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Monthly cost of autoscaling (low hours on one machine, peak hours on two) against always-on dual and a single A100.")
final class CostEstimateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rate", required = true, paramLabel = "USD", description = "Price of one machine per hour (P4000: 0.51).")
    double rate;

    @Option(names = "--low-hours", required = true, paramLabel = "H", description = "Hours per month with only the primary running.")
    double lowHours;

    @Option(names = "--peak-hours", required = true, paramLabel = "H", description = "Hours per month with both machines running.")
    double peakHours;

    @Option(names = "--hours-per-month", paramLabel = "H", defaultValue = "" + (int) CostEstimate.HOURS_PER_MONTH,
            description = "Length of the month (default ${DEFAULT-VALUE}, the guide's; the month plan and doctor use too).")
    double hoursPerMonth;

    @Option(names = "--a100-rate", paramLabel = "USD", defaultValue = "2.30",
            description = "Price of the single-A100 alternative per hour (default ${DEFAULT-VALUE}).")
    double a100Rate;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CostEstimate estimate;
        try {
            estimate = new CostEstimate(rate, lowHours, peakHours, hoursPerMonth, a100Rate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(asOptionNames(e.getMessage()), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asJson(estimate)));
        } else {
            printTable(estimate, out);
        }
        out.flush();
        return 0;
    }

    /** The core names fields like its options ("low-hours: ..."); the user typed them with "--". */
    private static String asOptionNames(String message) {
        int colon = message.indexOf(": ");
        String fields = message.substring(0, colon).replaceAll("([a-z0-9]+(-[a-z0-9]+)*)", "--$1");
        return fields + message.substring(colon);
    }

    static Map<String, Object> asJson(CostEstimate e) {
        var json = new LinkedHashMap<String, Object>();
        json.put("monthly_total_usd", Money.cents(e.monthlyTotalUsd()));
        json.put("always_on_dual_usd", Money.cents(e.alwaysOnDualUsd()));
        json.put("single_a100_usd", Money.cents(e.singleA100Usd()));
        json.put("savings_vs_dual_percent", Money.cents(e.savingsVsDualPercent()));
        json.put("savings_vs_a100_percent", Money.cents(e.savingsVsA100Percent()));
        json.put("low_usage_usd", Money.cents(e.lowUsageUsd()));
        json.put("peak_usage_usd", Money.cents(e.peakUsageUsd()));
        json.put("uncovered_hours", BigDecimal.valueOf(e.uncoveredHours()).setScale(2, RoundingMode.HALF_UP));
        json.put("hourly_rate_usd", BigDecimal.valueOf(e.hourlyRateUsd()));
        json.put("hours_per_month", BigDecimal.valueOf(e.hoursPerMonth()));
        return json;
    }

    private static void printTable(CostEstimate e, PrintWriter out) {
        String one = Money.usd(e.hourlyRateUsd());
        String two = Money.usd(2 * e.hourlyRateUsd());
        out.printf(Locale.ROOT, "Expected monthly cost (%s/h per machine, %s h month)%n", one, Money.hours(e.hoursPerMonth()));
        out.println("| Scenario                    | Hours/Month    | Cost       |");
        out.println("|-----------------------------|----------------|------------|");
        out.printf(Locale.ROOT, "| Low usage (primary only)    | %-14s | %10s |%n",
                Money.hours(e.lowHours()) + "h × " + one, Money.usd(e.lowUsageUsd()));
        out.printf(Locale.ROOT, "| Peak usage (both machines)  | %-14s | %10s |%n",
                Money.hours(e.peakHours()) + "h × " + two, Money.usd(e.peakUsageUsd()));
        out.printf(Locale.ROOT, "| Total estimated             | %-14s | %10s |%n", "", Money.usd(e.monthlyTotalUsd()));
        out.println();
        out.printf(Locale.ROOT, "Always-on dual:   %s/month (autoscaling saves %.1f%%)%n",
                Money.usd(e.alwaysOnDualUsd()), e.savingsVsDualPercent());
        out.printf(Locale.ROOT, "Single A100:      %s/month at %s/h (autoscaling saves %.1f%%)%n",
                Money.usd(e.singleA100Usd()), Money.usd(e.a100HourlyRateUsd()), e.savingsVsA100Percent());
        out.printf(Locale.ROOT, "Autoscaling:      %s/month%n", Money.usd(e.monthlyTotalUsd()));
        if (e.uncoveredHours() > 0) {
            out.printf(Locale.ROOT, "note: %s h of the %s h month are in neither period; the always-on primary costs %s more for them.%n",
                    Money.hours(e.uncoveredHours()), Money.hours(e.hoursPerMonth()), Money.usd(e.uncoveredUsd()));
        }
    }
}
