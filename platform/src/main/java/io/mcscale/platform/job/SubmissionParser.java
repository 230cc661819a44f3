package io.mcscale.platform.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.engine.InvalidParameterException;
import io.mcscale.engine.Models;
import io.mcscale.engine.SimulationModel;
import io.mcscale.platform.auth.Caller;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks a submission body ({@code model}, {@code parameters}, {@code paths}, optional {@code seed}
 * and {@code antithetic}) against the engine's models and the platform's limits, before anything is queued.
 */
public final class SubmissionParser {
    private static final Set<String> FIELDS = Set.of("model", "parameters", "paths", "seed", "antithetic");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxPaths;
    private final long maxJobWork;

    /**
     * @param maxPaths the largest {@code paths}
     * @param maxJobWork the most work one simulation may be, in random draws (paths × the model's draws per path)
     */
    public SubmissionParser(long maxPaths, long maxJobWork) {
        this.maxPaths = maxPaths;
        this.maxJobWork = maxJobWork;
    }

    /** @throws InvalidSubmissionException naming the first field that is wrong */
    public JobSubmission parse(JsonNode body, Caller caller, Instant now, String instanceId) {
        if (body == null || !body.isObject()) {
            throw new InvalidSubmissionException("body", "the body must be a JSON object with model, parameters and paths");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidSubmissionException(name, "unknown field '" + name + "'; the fields are " + FIELDS);
            }
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new InvalidSubmissionException("model", "model is required: one of " + Models.names());
        }
        JsonNode parameters = body.get("parameters");
        if (parameters == null || parameters.isNull()) {
            parameters = JSON.createObjectNode();
        } else if (!parameters.isObject()) {
            throw new InvalidSubmissionException("parameters", "parameters must be a JSON object");
        }
        SimulationModel simulation;
        try {
            simulation = Models.create(model.asText(), JSON.convertValue(parameters, MAP));
        } catch (InvalidParameterException e) {
            String field = "model".equals(e.parameter()) ? "model" : "parameters." + e.parameter();
            throw new InvalidSubmissionException(field, e.getMessage());
        }
        JsonNode paths = body.get("paths");
        if (paths == null || paths.isNull()) {
            throw new InvalidSubmissionException("paths", "paths is required: a whole number from 1 to " + maxPaths);
        }
        if (!paths.canConvertToExactIntegral() || !paths.canConvertToLong()) {
            throw new InvalidSubmissionException("paths", "paths must be a whole number from 1 to " + maxPaths + ", got " + paths);
        }
        if (paths.asLong() < 1 || paths.asLong() > maxPaths) {
            throw new InvalidSubmissionException("paths", "paths must be from 1 to " + maxPaths + ", got " + paths.asLong());
        }
        long work = checkWork(simulation, paths.asLong());
        JsonNode seed = body.get("seed");
        long seedValue;
        if (seed == null || seed.isNull()) {
            seedValue = ThreadLocalRandom.current().nextLong();
        } else if (seed.canConvertToExactIntegral() && seed.canConvertToLong()) {
            seedValue = seed.asLong();
        } else {
            throw new InvalidSubmissionException("seed", "seed must be a whole number (64-bit), got " + seed);
        }
        JsonNode antithetic = body.get("antithetic");
        if (antithetic != null && !antithetic.isNull() && !antithetic.isBoolean()) {
            throw new InvalidSubmissionException("antithetic", "antithetic must be true or false, got " + antithetic);
        }
        return new JobSubmission(JobIds.newId(now), caller.userId(), model.asText(), parameters.toString(), paths.asLong(), work,
                seedValue, antithetic != null && antithetic.asBoolean(), now, instanceId, null, null, caller.tier());
    }

    /** The model's own limits and the per-job work limit, checked here so that nothing accepted fails for its size later. */
    private long checkWork(SimulationModel simulation, long paths) {
        try {
            simulation.checkPaths(paths);
        } catch (InvalidParameterException e) {
            throw new InvalidSubmissionException("paths", e.getMessage());
        }
        long work = simulation.work(paths);
        if (work > maxJobWork) {
            long steps = simulation.stepsPerPath();
            throw new InvalidSubmissionException("paths", "this simulation is " + work + " random draws (" + paths + " paths × "
                    + steps + " per path), over the per-job limit of " + maxJobWork + " (mcscale platform --max-job-work); lower paths"
                    + (steps > 1 ? " or the steps per path (fixings, assets)" : "") + ", or split it into several simulations");
        }
        return work;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };
}
