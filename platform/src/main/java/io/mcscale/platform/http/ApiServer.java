package io.mcscale.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.auth.Authenticator;
import io.mcscale.platform.auth.Caller;
import io.mcscale.platform.job.InvalidSubmissionException;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.job.JobSubmission;
import io.mcscale.platform.job.SubmissionParser;
import io.mcscale.platform.metrics.PlatformMetrics;
import io.mcscale.platform.store.JobStore;
import io.mcscale.platform.store.StoreHealth;
import io.mcscale.platform.store.SubmitOutcome;
import io.mcscale.platform.worker.WorkerPool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's HTTP API (the only place that speaks HTTP): simulations, health, metrics and the
 * admin drain. Every error is a JSON object {@code {"error": "...", "field": "..."}} where a field is to blame.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * Bodies up to this size are read even when over {@link #MAX_BODY_BYTES}, so the 413 goes back on a connection
     * the server has read to the end: answering before the client finished sending makes the server's close reset
     * the connection, and the client may then see no answer at all.
     */
    private static final long MAX_READ_BYTES = 4L * MAX_BODY_BYTES;
    /** The longest {@code ?wait} a request may ask for. */
    public static final int MAX_WAIT_SECONDS = 300;
    private static final int RETRY_AFTER_SECONDS = 2;
    private static final int MAX_PAGE = 100;
    private static final String INSTANCE_HEADER = "X-Instance-Id";
    /** As in the IETF draft "The Idempotency-Key HTTP Header Field" (and Stripe's API): scoped to the user. */
    private static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final int MAX_IDEMPOTENCY_KEY = 200;
    private static final String WAITED = "mcscale.waited";
    /** The request's {@link Caller}, once known, for the metrics of the finished request. */
    private static final String CALLER = "mcscale.caller";

    private final PlatformConfig config;
    private final JobStore store;
    private final WorkerPool workers;
    private final PlatformMetrics metrics;
    private final InstantSource clock;
    private final SubmissionParser parser;
    private final JobWaits waits;
    private final StoreHealth storeHealth;
    private final Authenticator authenticator;
    private final SubmitAdmission admission;
    private final ObjectMapper json = new ObjectMapper();
    private final Javalin app;

    public ApiServer(PlatformConfig config, JobStore store, WorkerPool workers, PlatformMetrics metrics, InstantSource clock) {
        this.config = config;
        this.store = store;
        this.workers = workers;
        this.metrics = metrics;
        this.clock = clock;
        this.parser = new SubmissionParser(config.maxPaths(), config.maxJobWork());
        this.waits = new JobWaits(store);
        this.storeHealth = new StoreHealth(store, config.instanceId(), clock);
        this.authenticator = new Authenticator(config.auth(), store.users());
        this.admission = SubmitAdmission.forStore(store.kind(), RETRY_AFTER_SECONDS);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.http.maxRequestSize = MAX_READ_BYTES;
            // Answers are small JSON; compressing them costs more CPU than it saves (nginx may compress in front).
            cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            cfg.jetty.modifyServer(JettyServerSettings::apply);
            cfg.requestLogger.http(this::recordRequest);
            // Every answer names the instance that gave it: behind nginx, a job's instance_id names the instance
            // that ran it (any instance works the shared queue), so this header is what shows where nginx routed.
            cfg.routes.before(ctx -> ctx.header(INSTANCE_HEADER, config.instanceId()));
            cfg.routes.after(RequestArrival::addServerTiming);
            cfg.routes.post("/api/simulations", ctx -> submit(ctx, caller(ctx)));
            cfg.routes.get("/api/simulations", ctx -> list(ctx, caller(ctx)));
            cfg.routes.get("/api/simulations/{id}", ctx -> get(ctx, caller(ctx)));
            cfg.routes.delete("/api/simulations/{id}", ctx -> cancel(ctx, caller(ctx)));
            cfg.routes.get("/api/health", this::health);
            cfg.routes.get("/api/metrics", ctx -> ctx.json(metrics.report(clock.instant()).toJson()));
            cfg.routes.get("/metrics", ctx -> ctx.contentType(metrics.prometheusContentType()).result(metrics.scrape()));
            cfg.routes.post("/api/admin/drain", ctx -> admin(ctx, true));
            cfg.routes.post("/api/admin/resume", ctx -> admin(ctx, false));
            ApiErrors.register(cfg.routes, RETRY_AFTER_SECONDS);
        });
    }

    public ApiServer start() {
        app.start();
        return this;
    }

    /** The port it listens on (the real one when configured with 0). */
    public int port() {
        return app.port();
    }

    /** Tells requests waiting on {@code id} that this instance finished it. */
    public void simulationFinished(String id) {
        waits.finished(id);
    }

    @Override
    public void close() {
        waits.close();
        app.stop();
        storeHealth.close();
    }

    private void submit(Context ctx, Caller caller) throws Exception {
        long waitedNanos = System.nanoTime() - RequestArrival.nanos(ctx);
        String user = caller.userId();
        if (ctx.contentLength() > MAX_READ_BYTES) {
            throw new ApiError(413, "body", "the body is over " + MAX_BODY_BYTES + " bytes");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "body", "the body is over " + MAX_BODY_BYTES + " bytes");
        }
        Duration wait = waitParameter(ctx);
        String idempotencyKey = idempotencyKey(ctx);
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "body", "malformed JSON: " + e.getOriginalMessage());
        }
        JobSubmission submission;
        try {
            submission = parser.parse(tree, caller, clock.instant(), config.instanceId());
        } catch (InvalidSubmissionException e) {
            throw new ApiError(400, e.field(), e.getMessage());
        }
        if (idempotencyKey != null) {
            submission = submission.withIdempotencyKey(idempotencyKey, sha256(body));
        }
        Optional<String> fileProblem = storeHealth.fileProblem();
        if (fileProblem.isPresent()) {
            throw ApiError.retryLater(503, null, "this instance cannot keep simulations: " + fileProblem.get(), RETRY_AFTER_SECONDS);
        }
        JobSubmission queued = submission;
        SubmitOutcome outcome = admission.admit(waitedNanos, () -> store.submit(queued, config.userQueuedQuota(), config.maxQueued(),
                config.maxUserQueuedWork()));
        if (outcome == SubmitOutcome.IDEMPOTENCY_KEY_USED) {
            answerResent(ctx, submission, wait);
            return;
        }
        if (outcome == SubmitOutcome.USER_QUOTA_REACHED) {
            throw ApiError.retryLater(429, "user", "user '" + user + "' already has " + config.userQueuedQuota()
                    + " simulations queued; wait for some to start, then retry", RETRY_AFTER_SECONDS);
        }
        if (outcome == SubmitOutcome.USER_WORK_LIMIT_REACHED) {
            throw ApiError.retryLater(429, "paths", "user '" + user + "' has " + store.queuedWork(user) + " random draws of work queued;"
                    + " this simulation's " + queued.work() + " would pass the per-user limit of " + config.maxUserQueuedWork()
                    + " (mcscale platform --max-user-work); wait for some to start, then retry", RETRY_AFTER_SECONDS);
        }
        if (outcome == SubmitOutcome.QUEUE_FULL) {
            throw ApiError.retryLater(429, null, "the queue is full (" + config.maxQueued() + " simulations); retry later",
                    RETRY_AFTER_SECONDS);
        }
        workers.wake();
        answerSubmitted(ctx, submission.id(), JobStatus.QUEUED, wait);
    }

    /** The same request again (a client resending after a dropped connection): the simulation it made the first time. */
    private void answerResent(Context ctx, JobSubmission resent, Duration wait) {
        JobStore.KeyedSubmission earlier = store.findByIdempotencyKey(resent.userId(), resent.idempotencyKey()).orElseThrow();
        if (!earlier.requestSha256().equals(resent.requestSha256())) {
            throw new ApiError(422, IDEMPOTENCY_HEADER, "this " + IDEMPOTENCY_HEADER + " was already used for a different request"
                    + " (simulation " + earlier.jobId() + "); send a new key for a new simulation");
        }
        Job job = store.find(earlier.jobId()).orElseThrow();
        ctx.header("Idempotent-Replayed", "true");
        answerSubmitted(ctx, job.id(), job.status(), wait);
    }

    private void answerSubmitted(Context ctx, String id, JobStatus status, Duration wait) {
        ctx.header("Location", "/api/simulations/" + id);
        if (wait.isZero()) {
            ctx.status(202).json(json.createObjectNode().put("id", id).put("status", status.word()));
        } else {
            respondWhenDone(ctx, id, wait, 202);
        }
    }

    private void get(Context ctx, Caller caller) {
        Job job = ownJob(ctx.pathParam("id"), caller);
        Duration wait = waitParameter(ctx);
        if (wait.isZero() || job.status().isFinal()) {
            ctx.json(view(job));
        } else {
            respondWhenDone(ctx, job.id(), wait, 200);
        }
    }

    private void respondWhenDone(Context ctx, String id, Duration wait, int statusWhileRunning) {
        ctx.attribute(WAITED, Boolean.TRUE);
        ctx.future(() -> waits.await(id, wait).thenAccept(found -> {
            Job job = found.orElseThrow(() -> new ApiError(404, "id", "no simulation " + id));
            ctx.status(job.status().isFinal() ? 200 : statusWhileRunning).json(view(job));
        }));
    }

    private void list(Context ctx, Caller caller) {
        int limit = intParameter(ctx, "limit", 20, 1, MAX_PAGE);
        int offset = intParameter(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        List<Job> jobs = store.listByUser(caller.userId(), limit + 1, offset);
        ObjectNode page = json.createObjectNode();
        var items = page.putArray("simulations");
        jobs.stream().limit(limit).forEach(job -> items.add(view(job)));
        page.put("limit", limit).put("offset", offset);
        if (jobs.size() > limit) {
            page.put("next_offset", offset + limit);
        } else {
            page.putNull("next_offset");
        }
        ctx.json(page);
    }

    private void cancel(Context ctx, Caller caller) {
        Job job = ownJob(ctx.pathParam("id"), caller);
        if (job.status().isFinal()) {
            throw new ApiError(409, "id", "simulation " + job.id() + " already " + job.status().word());
        }
        Job after = store.cancel(job.id(), clock.instant()).orElseThrow();
        if (after.status() == JobStatus.RUNNING) {
            workers.cancelLocally(after.id());
            ctx.status(202);
        }
        ctx.json(view(after));
    }

    private void health(Context ctx) {
        if (workers.isDraining()) {
            ctx.status(503).json(json.createObjectNode().put("status", "draining"));
            return;
        }
        Optional<String> problem = storeHealth.problem();
        if (problem.isPresent()) {
            ctx.status(503).json(json.createObjectNode().put("status", "unhealthy").put("reason", problem.get()));
        } else {
            ctx.json(json.createObjectNode().put("status", "ok"));
        }
    }

    private void admin(Context ctx, boolean drain) {
        String token = config.adminToken();
        if (token == null || token.isEmpty()) {
            throw new ApiError(403, null, "admin endpoints are disabled: no admin token is configured "
                    + "(set PLATFORM_ADMIN_TOKEN or --admin-token-file)");
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "Authorization", "send the admin token as 'Authorization: Bearer <token>'");
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "Authorization", "the admin token is wrong");
        }
        workers.setDraining(drain);
        log.info(drain ? "draining: no new simulations will start here" : "resumed: taking simulations again");
        ctx.json(json.createObjectNode().put("draining", drain).put("running_simulations", workers.runningCount()));
    }

    private Job ownJob(String id, Caller caller) {
        Optional<Job> job = store.find(id);
        // Another user's simulation is answered exactly like a missing one, so ids reveal nothing.
        if (job.isEmpty() || !job.get().userId().equals(caller.userId())) {
            throw new ApiError(404, "id", "no simulation " + id);
        }
        return job.get();
    }

    /**
     * Who sent this request: the one place a request's user and tier are decided ({@link Authenticator}, by
     * {@code --auth}); a refusal becomes 401 in {@link ApiErrors}. The caller is kept for {@link #recordRequest}.
     */
    private Caller caller(Context ctx) {
        Caller caller = authenticator.authenticate(ctx.header(Authenticator.AUTHORIZATION), ctx.header(Authenticator.USER_HEADER));
        ctx.attribute(CALLER, caller);
        return caller;
    }

    /** The optional Idempotency-Key: 1 to 200 visible ASCII characters, e.g. a UUID. */
    private static String idempotencyKey(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_HEADER);
        if (key == null) {
            return null;
        }
        boolean visibleAscii = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !visibleAscii) {
            throw new ApiError(400, IDEMPOTENCY_HEADER, IDEMPOTENCY_HEADER + " must be 1 to " + MAX_IDEMPOTENCY_KEY
                    + " visible ASCII characters without spaces, e.g. a UUID (got " + key.length() + " characters)");
        }
        return key;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static Duration waitParameter(Context ctx) {
        return Duration.ofSeconds(intParameter(ctx, "wait", 0, 0, MAX_WAIT_SECONDS));
    }

    private static int intParameter(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiError(400, name, name + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
    }

    private ObjectNode view(Job job) {
        ObjectNode node = json.createObjectNode();
        node.put("id", job.id());
        node.put("model", job.model());
        node.putRawValue("parameters", new RawValue(job.parametersJson()));
        node.put("paths", job.paths());
        node.put("seed", job.seed());
        node.put("antithetic", job.antithetic());
        node.put("status", job.status().word());
        node.put("progress", job.progress());
        if (job.resultJson() == null) {
            node.putNull("result");
        } else {
            node.putRawValue("result", new RawValue(job.resultJson()));
        }
        node.put("error", job.error());
        node.put("submitted_at", text(job.submittedAt()));
        node.put("started_at", text(job.startedAt()));
        node.put("finished_at", text(job.finishedAt()));
        node.put("instance_id", job.instanceId());
        node.put("cancel_requested", job.cancelRequested());
        return node;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private void recordRequest(Context ctx, Float millis) {
        String path = ctx.path();
        boolean simulationApi = path.startsWith("/api/simulations");
        String route = simulationApi ? (path.length() > "/api/simulations/".length() ? "/api/simulations/{id}" : "/api/simulations")
                : switch (path) {
                    case "/api/health", "/api/metrics", "/metrics", "/api/admin/drain", "/api/admin/resume" -> path;
                    default -> "other";
                };
        // Only a known caller counts as a user: a header the API refused (say, over 200 characters) is nobody.
        Caller caller = ctx.attribute(CALLER);
        metrics.requestFinished(ctx.method().name(), route, ctx.statusCode(), millis, caller, simulationApi,
                Boolean.TRUE.equals(ctx.attribute(WAITED)), clock.millis());
    }
}
