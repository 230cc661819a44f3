package io.mcscale.cli.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Simulated users against a platform: each user, with its own API key or {@code X-User-Id} ({@link LoadUser}), submits a
 * simulation, polls it until it finishes (or, with {@link Settings#withWait}, waits for it as a
 * browser does), pauses for its think time, and starts the next. It is both {@code mcscale load}
 * and the demo's users. The number of active users can be
 * changed at any time ({@link #setActiveUsers}), so a caller can ramp up, hold and ramp down; a
 * user told to rest first sees its current simulation through, so ramping down loses nothing.
 * {@link #startMeasuring} drops the figures of a warm-up.
 *
 * <p>Each user is a thread with a blocking, pooled HTTP client: on a machine shared with the
 * platform under test, the load generator's own CPU per request is kept small (the JDK's
 * asynchronous client spent more CPU per request than the platform answering it). The parts:
 * {@link SimulatedUsers} (the threads and each user's session), {@link LoadHttpClient} (one request,
 * with its resend) and {@link LoadFigures} (what is measured, and the report).
 *
 * <pre>{@code
 * try (var load = new LoadGenerator(LoadGenerator.Settings.of(URI.create("http://127.0.0.1:8080"), "pi", 10_000))) {
 *     load.setActiveUsers(8);   // ... later
 *     load.setActiveUsers(2);
 *     LoadReport report = load.stop(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {
    /**
     * @param baseUrl the platform (or the load balancer in front), e.g. {@code http://127.0.0.1:8000}
     * @param model the model each simulation runs
     * @param parametersJson its parameters as a JSON object
     * @param paths paths per simulation (see also {@link #setPaths})
     * @param pollInterval pause between polls of a running simulation (and after an error)
     * @param requestTimeout how long one request may take before it counts as an error
     * @param userPrefix users are named {@code <prefix>-1}, {@code <prefix>-2}, ...
     * @param waitSeconds 0 to poll; otherwise each request asks the platform to hold the answer until the
     *     simulation finishes, at most this long ({@code ?wait=}), as a browser waiting for its result does
     * @param thinkTime a user's pause between one simulation and the next
     * @param keyedUsers users with API keys, taken in order by the simulated users (who then do not use
     *     {@code userPrefix}); empty for users known by {@code X-User-Id} alone
     */
    public record Settings(URI baseUrl, String model, String parametersJson, long paths, Duration pollInterval,
            Duration requestTimeout, String userPrefix, int waitSeconds, Duration thinkTime, List<LoadUser> keyedUsers) {
        public static Settings of(URI baseUrl, String model, long paths) {
            return new Settings(baseUrl, model, "{}", paths, Duration.ofMillis(100), Duration.ofSeconds(10), "load-user", 0,
                    Duration.ZERO, List.of());
        }

        public Settings withParameters(String json) {
            return new Settings(baseUrl, model, json, paths, pollInterval, requestTimeout, userPrefix, waitSeconds, thinkTime, keyedUsers);
        }

        public Settings withPollInterval(Duration interval) {
            return new Settings(baseUrl, model, parametersJson, paths, interval, requestTimeout, userPrefix, waitSeconds, thinkTime, keyedUsers);
        }

        public Settings withUserPrefix(String prefix) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, requestTimeout, prefix, waitSeconds, thinkTime, keyedUsers);
        }

        /** Long-polls with {@code ?wait=seconds} instead of polling; a request may then take that long and 30 s more. */
        public Settings withWait(int seconds) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, Duration.ofSeconds(seconds + 30L), userPrefix,
                    seconds, thinkTime, keyedUsers);
        }

        public Settings withRequestTimeout(Duration timeout) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, timeout, userPrefix, waitSeconds, thinkTime, keyedUsers);
        }

        /** Users with API keys ({@code Authorization: Bearer}), for a platform with {@code --auth keys}: at most this many are active. */
        public Settings withKeyedUsers(List<LoadUser> users) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, requestTimeout, userPrefix, waitSeconds, thinkTime,
                    List.copyOf(users));
        }

        /** The {@code index}th simulated user (from 0). */
        public LoadUser user(int index) {
            if (keyedUsers.isEmpty()) {
                return LoadUser.named(userPrefix + "-" + (index + 1));
            }
            if (index >= keyedUsers.size()) {
                throw new IllegalArgumentException("users must be at most the " + keyedUsers.size() + " users with keys, got " + (index + 1));
            }
            return keyedUsers.get(index);
        }

        public Settings withThinkTime(Duration pause) {
            return new Settings(baseUrl, model, parametersJson, paths, pollInterval, requestTimeout, userPrefix, waitSeconds, pause, keyedUsers);
        }
    }

    private final LoadFigures figures = new LoadFigures();
    private final LoadHttpClient http;
    private final SimulatedUsers users;

    public LoadGenerator(Settings settings) {
        var submitTemplate = SimulatedUsers.submitTemplate(settings);
        this.http = new LoadHttpClient(settings.requestTimeout(), figures);
        this.users = new SimulatedUsers(settings, submitTemplate, http, figures);
    }

    /** Makes {@code count} users active; more start at once, the surplus rest after their current simulation. */
    public void setActiveUsers(int count) {
        users.setActiveUsers(count);
    }

    public int activeUsers() {
        return users.activeUsers();
    }

    /** The size of the simulations users submit from now on: big ones load the machine, small ones barely. */
    public void setPaths(long newPaths) {
        users.setPaths(newPaths);
    }

    /** The {@code instance_id}s that ran the users' simulations. */
    public Set<String> instancesThatRan() {
        return Set.copyOf(figures.instancesThatRan);
    }

    /** The instances that answered the users' requests (their {@code X-Instance-Id}): where a balancer routed them. */
    public Set<String> instancesThatAnswered() {
        return Set.copyOf(figures.instancesThatAnswered);
    }

    /** What went wrong first (up to 5 errors), for a person to read. */
    public List<String> firstFailures() {
        return figures.firstFailures();
    }

    /**
     * Forgets the figures so far (a warm-up's): requests and simulations started from now on are
     * counted. Simulations already in flight still count as lost if they never finish.
     */
    public void startMeasuring() {
        figures.startMeasuring();
    }

    /** The figures so far, while the load runs. */
    public LoadReport snapshot() {
        return figures.report(System.nanoTime(), users.outstanding());
    }

    /**
     * Stops submitting and gives the simulations in flight up to {@code settle} to finish; those
     * still unfinished then count as lost.
     */
    public LoadReport stop(Duration settle) {
        long stoppedAt = users.stop(settle);
        return figures.report(stoppedAt, users.outstanding());
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
        http.close();
    }
}
