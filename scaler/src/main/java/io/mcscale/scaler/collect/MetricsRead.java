package io.mcscale.scaler.collect;

import io.mcscale.core.model.MetricSample;

/**
 * The outcome of reading one instance's metrics. A failed or malformed read is a {@link Failed}
 * with the reason, never a sample of zeros: zeros would look like low load and scale down.
 */
public sealed interface MetricsRead {
    record Ok(MetricSample sample) implements MetricsRead {
    }

    record Failed(String reason) implements MetricsRead {
    }
}
