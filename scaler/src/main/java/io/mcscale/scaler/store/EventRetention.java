package io.mcscale.scaler.store;

import io.mcscale.core.cost.MonthCost;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * How long the event store keeps what ({@code EVENT_RETENTION_DAYS}). Decisions, a row every poll,
 * are kept for {@code decisions}. The state log and the actions are a few rows a day and are what
 * the cost report bills from, so they are kept at least from the start of the previous UTC month:
 * the report of this month and of the last one stays exact whatever the retention.
 */
public record EventRetention(Duration decisions) {
    public static final int DEFAULT_DAYS = 90;

    public EventRetention {
        if (decisions == null || decisions.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("EVENT_RETENTION_DAYS must be at least 1 day, got " + decisions);
        }
    }

    public static EventRetention days(int days) {
        return new EventRetention(Duration.ofDays(days));
    }

    /** Decisions made before this instant may go. */
    public Instant decisionsBefore(Instant now) {
        return now.minus(decisions);
    }

    /**
     * State changes and finished actions before this instant may go: the decisions' cutoff, but never
     * later than the start of the previous month (UTC, the cost report's months).
     */
    public Instant logBefore(Instant now) {
        Instant previousMonth = MonthCost.start(YearMonth.from(now.atOffset(ZoneOffset.UTC)).minusMonths(1));
        Instant decisionCutoff = decisionsBefore(now);
        return decisionCutoff.isBefore(previousMonth) ? decisionCutoff : previousMonth;
    }
}
