package io.mcscale.scaler.control;

import io.mcscale.core.cost.MachineUsage;
import io.mcscale.core.cost.MonthCost;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.scaler.store.InstanceInterval;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Reads a month's billed hours per machine from the event store into a {@link MonthCost}: the one
 * place where instance-hours become money, used by the budget guard and the cost report.
 */
public final class MonthCostReader {
    private MonthCostReader() {
    }

    /**
     * @param machineIds         the configured machines, primary first (machines never billed still pay storage)
     * @param hourlyRate         each machine's rate (the provider's, or INSTANCE_HOURLY_RATE_USD)
     * @param runningNow         whether a machine is billed right now
     * @param storageMonthlyUsd  storage per machine per month
     */
    public static MonthCost read(EventStore store, YearMonth month, Instant now, List<String> machineIds,
            ToDoubleFunction<String> hourlyRate, Predicate<String> runningNow, double storageMonthlyUsd) {
        Instant end = now.isBefore(MonthCost.end(month)) ? now : MonthCost.end(month);
        Instant start = MonthCost.start(month);
        Map<String, Double> hours = end.isAfter(start)
                ? store.instanceIntervals(start, end).stream()
                        .collect(Collectors.groupingBy(InstanceInterval::machineId, Collectors.summingDouble(InstanceInterval::hours)))
                : Map.of();
        List<MachineUsage> usage = machineIds.stream()
                .map(id -> new MachineUsage(id, hours.getOrDefault(id, 0.0), hourlyRate.applyAsDouble(id),
                        runningNow.test(id), storageMonthlyUsd))
                .toList();
        return new MonthCost(month, now, usage);
    }

    public static YearMonth monthOf(Instant now) {
        return YearMonth.from(now.atOffset(ZoneOffset.UTC));
    }
}
