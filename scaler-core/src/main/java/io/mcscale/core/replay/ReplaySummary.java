package io.mcscale.core.replay;

/**
 * Totals of one replay.
 *
 * @param instanceHours machine-hours from the first row to the last, booting machines included (they are billed)
 */
public record ReplaySummary(int rows, int scaleUps, int scaleDowns, double traceHours, double instanceHours) {
}
