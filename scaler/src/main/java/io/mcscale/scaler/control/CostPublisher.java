package io.mcscale.scaler.control;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.cost.MonthCost;
import io.mcscale.scaler.config.CostSettings;
import io.mcscale.scaler.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one answer to "what does the group cost?": the rate of the machines billed now (each at the
 * provider's {@code usageRate} when it reports one, else {@code INSTANCE_HOURLY_RATE_USD}), which both
 * {@code /api/status} and {@code mcscale_cost_rate_usd_per_hour} show, and the month's cost and
 * budget verdict. The rate needs no store and is worked out every tick; the month is read from the
 * event store on its own schedule, every {@link #MONTH_REFRESH}, since a projection over a month
 * barely moves in a minute.
 */
public final class CostPublisher implements GroupCost {
    static final Duration MONTH_REFRESH = Duration.ofMinutes(1);

    private final EventStore store;
    private final CostSettings cost;
    private final ControlMetrics metrics;
    private Instant monthReadAt = Instant.MIN;
    private BudgetGuard.Verdict verdict = BudgetGuard.NO_BUDGET;
    private volatile double rateUsdPerHour;
    private volatile Optional<MonthCost> month = Optional.empty();

    CostPublisher(EventStore store, CostSettings cost, ControlMetrics metrics) {
        this.store = store;
        this.cost = cost;
        this.metrics = metrics;
        metrics.monthlyBudget.set(cost.monthlyBudgetUsd().orElse(0));
    }

    /** USD per hour of the machines billed at the last tick; safe from any thread. */
    @Override
    public double currentRateUsdPerHour() {
        return rateUsdPerHour;
    }

    /** The month as last read (at most {@link #MONTH_REFRESH} old); safe from any thread. */
    @Override
    public Optional<MonthCost> month() {
        return month;
    }

    /** The budget guard's verdict from the last read of the month. */
    BudgetGuard.Verdict verdict() {
        return verdict;
    }

    /** Called every tick: the rate now, and the month when its refresh is due. Never throws. */
    void update(Instant now, List<ManagedMachine> machines, ControlRecorder recorder) {
        rateUsdPerHour = machines.stream().filter(m -> m.providerState.isBilledHourly()).mapToDouble(this::rateOf).sum();
        metrics.costRate.set(rateUsdPerHour);
        if (Duration.between(monthReadAt, now).compareTo(MONTH_REFRESH) < 0) {
            return;
        }
        try {
            Map<String, ManagedMachine> byId = new LinkedHashMap<>();
            machines.forEach(m -> byId.put(m.id(), m));
            MonthCost read = MonthCostReader.read(store, MonthCostReader.monthOf(now), now, List.copyOf(byId.keySet()),
                    id -> rateOf(byId.get(id)), id -> byId.get(id).providerState.isBilledHourly(), cost.storageMonthlyUsd());
            verdict = BudgetGuard.check(cost.monthlyBudgetUsd(), read);
            month = Optional.of(read);
            monthReadAt = now;
            metrics.monthCostSoFar.set(read.costSoFarUsd());
            metrics.monthProjectedCost.set(read.projectedMonthUsd());
            metrics.budgetBlocksScaleUp.set(verdict.blocksScaleUp() ? 1 : 0);
        } catch (RuntimeException e) {
            recorder.failure("cost", e.getMessage());
        }
    }

    private double rateOf(ManagedMachine m) {
        return cost.hourlyRateUsd(m.hourlyRateUsd);
    }
}
