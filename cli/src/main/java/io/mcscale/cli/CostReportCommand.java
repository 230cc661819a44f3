package io.mcscale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.cost.MachineUsage;
import io.mcscale.core.cost.MonthCost;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.control.MonthCostReader;
import io.mcscale.scaler.store.EventStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcscale cost report}: a month's actual instance-hours per machine from the autoscaler's
 * event store ({@code DATA_DIR/events.db}), the cost so far, the projection to the month's end,
 * storage, the savings against always-on, and the cost per active user at the month's peak.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Actual instance-hours and cost of a month from the event store, with a projection.")
final class CostReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "The UTC month (default: this month).")
    String month;

    @Option(names = "--config", paramLabel = "FILE", description = "The .env.autoscaler file (machines, DATA_DIR, rates); without it, the environment.")
    Path config;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Instant now = Clock.systemUTC().instant();
        YearMonth reported = parseMonth(now);
        AutoscalerConfig settings = config == null
                ? AutoscalerConfig.fromEnvironment(System.getenv())
                : AutoscalerConfig.load(config, System.getenv());
        Path db = settings.control().dataDir().resolve("events.db");
        if (!Files.exists(db)) {
            spec.commandLine().getErr().println("mcscale cost report: no event store at " + db
                    + ": the autoscaler has not run with this DATA_DIR (set DATA_DIR in the config to the daemon's)");
            return 1;
        }
        List<String> machineIds = new ArrayList<>();
        machineIds.add(settings.group().primary().machineId());
        settings.group().secondaries().forEach(s -> machineIds.add(s.machineId()));
        MonthCost cost;
        OptionalInt peakUsers;
        try (EventStore store = EventStore.open(db)) {
            boolean current = reported.equals(MonthCostReader.monthOf(now));
            cost = MonthCostReader.read(store, reported, now, machineIds, id -> settings.cost().instanceHourlyRateUsd(),
                    id -> current && store.lastState(id).map(s -> s.isBilledHourly()).orElse(false),
                    settings.cost().storageMonthlyUsd());
            peakUsers = store.peakActiveUsers(MonthCost.start(reported), MonthCost.end(reported));
        }
        var budget = BudgetGuard.check(settings.cost().monthlyBudgetUsd(), cost);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asJson(cost, peakUsers, budget)));
        } else {
            print(cost, peakUsers, budget, out);
        }
        out.flush();
        return 0;
    }

    private YearMonth parseMonth(Instant now) {
        if (month == null) {
            return MonthCostReader.monthOf(now);
        }
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--month: '" + month + "' is not a month; give it as YYYY-MM, e.g. 2026-03");
        }
    }

    private static Map<String, Object> asJson(MonthCost c, OptionalInt peakUsers, BudgetGuard.Verdict budget) {
        var json = new LinkedHashMap<String, Object>();
        json.put("month", c.month().toString());
        json.put("as_of", c.asOf().toString());
        var machines = new ArrayList<Map<String, Object>>();
        for (MachineUsage m : c.machines()) {
            var machine = new LinkedHashMap<String, Object>();
            machine.put("machine_id", m.machineId());
            machine.put("instance_hours", Money.cents(m.billedHours()));
            machine.put("hourly_rate_usd", m.hourlyRateUsd());
            machine.put("usage_usd", Money.cents(m.usageUsd()));
            machine.put("running_now", m.runningNow());
            machines.add(machine);
        }
        json.put("machines", machines);
        json.put("instance_hours", Money.cents(c.instanceHours()));
        json.put("cost_so_far_usd", Money.cents(c.costSoFarUsd()));
        json.put("projected_month_usd", Money.cents(c.projectedMonthUsd()));
        json.put("storage_month_usd", Money.cents(c.storageMonthUsd()));
        json.put("storage_stopped_machines_usd", Money.cents(c.storageOfStoppedMachinesUsd()));
        json.put("always_on_usd", Money.cents(c.alwaysOnUsd()));
        json.put("savings_vs_always_on_percent", Money.cents(c.savingsVsAlwaysOnPercent()));
        json.put("peak_active_users", peakUsers.isPresent() ? peakUsers.getAsInt() : null);
        json.put("cost_per_active_user_usd", peakUsers.isPresent() && peakUsers.getAsInt() > 0
                ? Money.cents(c.projectedMonthUsd() / peakUsers.getAsInt()) : null);
        json.put("monthly_budget_usd", budget.budgetUsd().isPresent() ? budget.budgetUsd().getAsDouble() : null);
        json.put("budget_blocks_scale_up", budget.blocksScaleUp());
        return json;
    }

    private static void print(MonthCost c, OptionalInt peakUsers, BudgetGuard.Verdict budget, PrintWriter out) {
        out.printf(Locale.ROOT, "Cost report for %s (UTC), as of %s: %s of %s h%n", c.month(), c.asOf(),
                Money.hours(c.hoursElapsed()), Money.hours(c.hoursInMonth()));
        out.println("| Machine            | Instance-hours | Rate     | Usage      | Now     |");
        out.println("|--------------------|----------------|----------|------------|---------|");
        for (MachineUsage m : c.machines()) {
            out.printf(Locale.ROOT, "| %-18s | %14s | %8s | %10s | %-7s |%n", m.machineId(), Money.hours(m.billedHours()),
                    Money.usd(m.hourlyRateUsd()), Money.usd(m.usageUsd()), m.runningNow() ? "running" : "off");
        }
        out.println();
        out.printf(Locale.ROOT, "Cost so far:          %s (storage pro rata included)%n", Money.usd(c.costSoFarUsd()));
        out.printf(Locale.ROOT, "Projected month:      %s (running machines stay on to the month's end)%n", Money.usd(c.projectedMonthUsd()));
        out.printf(Locale.ROOT, "Storage:              %s for the month, %s of it for machines that are off%n",
                Money.usd(c.storageMonthUsd()), Money.usd(c.storageOfStoppedMachinesUsd()));
        out.printf(Locale.ROOT, "Always on:            %s (autoscaling saves %.1f%%)%n", Money.usd(c.alwaysOnUsd()), c.savingsVsAlwaysOnPercent());
        if (peakUsers.isPresent() && peakUsers.getAsInt() > 0) {
            out.printf(Locale.ROOT, "Cost per active user: %s (projected month / peak of %d active users)%n",
                    Money.usd(c.projectedMonthUsd() / peakUsers.getAsInt()), peakUsers.getAsInt());
        } else {
            out.println("Cost per active user: n/a (no evaluation saw an active user this month)");
        }
        out.println(budget.reason());
    }
}
