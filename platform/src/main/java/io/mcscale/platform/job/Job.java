package io.mcscale.platform.job;

import io.mcscale.platform.auth.Tier;
import java.time.Instant;

/**
 * One simulation as the job store holds it. {@code parametersJson} and {@code resultJson} are kept
 * as JSON text: the store and the API pass them through without re-parsing. {@code tier} is its user's tier when
 * it was submitted.
 */
public record Job(
        String id,
        String userId,
        String model,
        String parametersJson,
        long paths,
        long seed,
        boolean antithetic,
        JobStatus status,
        double progress,
        String resultJson,
        String error,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        String instanceId,
        boolean cancelRequested,
        Tier tier) {
}
