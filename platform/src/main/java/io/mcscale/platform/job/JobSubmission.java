package io.mcscale.platform.job;

import java.time.Instant;

/** A validated request to run a simulation, ready to be queued. */
public record JobSubmission(
        String id,
        String userId,
        String model,
        String parametersJson,
        long paths,
        long seed,
        boolean antithetic,
        Instant submittedAt,
        String submittedVia) {
}
