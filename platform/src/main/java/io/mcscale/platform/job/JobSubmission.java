package io.mcscale.platform.job;

import io.mcscale.platform.auth.Tier;
import java.time.Instant;

/**
 * A validated request to run a simulation, ready to be queued.
 *
 * @param work what it costs, in random draws: paths × the model's draws per path
 * @param idempotencyKey the client's {@code Idempotency-Key}, or null
 * @param requestSha256 the SHA-256 (hex) of the request body when there is a key, else null
 * @param tier the submitting user's tier, as authentication decided it (never as the client claims it)
 */
public record JobSubmission(
        String id,
        String userId,
        String model,
        String parametersJson,
        long paths,
        long work,
        long seed,
        boolean antithetic,
        Instant submittedAt,
        String submittedVia,
        String idempotencyKey,
        String requestSha256,
        Tier tier) {

    public JobSubmission {
        if (tier == null) {
            throw new IllegalArgumentException("a submission needs its user's tier");
        }
    }

    /** A free-tier submission without an idempotency key, costing one draw per path. */
    public JobSubmission(String id, String userId, String model, String parametersJson, long paths, long seed, boolean antithetic,
            Instant submittedAt, String submittedVia) {
        this(id, userId, model, parametersJson, paths, paths, seed, antithetic, submittedAt, submittedVia, null, null, Tier.FREE);
    }

    public JobSubmission withIdempotencyKey(String key, String sha256) {
        return new JobSubmission(id, userId, model, parametersJson, paths, work, seed, antithetic, submittedAt, submittedVia, key,
                sha256, tier);
    }

    public JobSubmission withTier(Tier newTier) {
        return new JobSubmission(id, userId, model, parametersJson, paths, work, seed, antithetic, submittedAt, submittedVia,
                idempotencyKey, requestSha256, newTier);
    }
}
