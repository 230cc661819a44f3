package io.mcscale.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The metrics of one evaluation, or why they could not be read. A read that failed for some
 * instances may still carry the metrics of the others: they can vote to scale up, but never
 * down (a failed read is never zeros, and it restarts the low-load clock).
 *
 * @param metrics  the aggregate over the instances that answered, if any did
 * @param failures one line per instance whose read failed, e.g. {@code ps2: timeout after 5 s}
 */
public record MetricsReading(Optional<GroupMetrics> metrics, List<String> failures) {
    public MetricsReading {
        failures = List.copyOf(failures);
        if (metrics.isEmpty() && failures.isEmpty()) {
            throw new IllegalArgumentException("a reading without metrics must say why it failed");
        }
    }

    public static MetricsReading complete(GroupMetrics metrics) {
        return new MetricsReading(Optional.of(metrics), List.of());
    }

    public static MetricsReading failed(String why) {
        return new MetricsReading(Optional.empty(), List.of(why));
    }

    public static MetricsReading partial(GroupMetrics metrics, List<String> failures) {
        return new MetricsReading(Optional.of(metrics), failures);
    }

    public boolean isComplete() {
        return failures.isEmpty();
    }
}
