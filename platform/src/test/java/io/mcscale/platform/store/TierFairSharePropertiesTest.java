package io.mcscale.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.auth.TierWeights;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobIds;
import io.mcscale.platform.job.JobStatus;
import io.mcscale.platform.job.JobSubmission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The tier-weighted fair-share claim on a real SQLite store, as a simulation of workers: every user keeps a backlog,
 * a random running simulation finishes, a worker claims the next one, again and again. It shows that the workers'
 * share follows the weights and that no user starves, and checks each claim against the rule written out in Java.
 */
class TierFairSharePropertiesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofHours(1);
    private static Path dataDir;
    private static JobStore store;

    @BeforeContainer
    static void open() throws IOException {
        dataDir = Files.createTempDirectory("fair-share");
        store = JobStore.sqlite(dataDir);
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** One queued job as the simulation tracks it. */
    private record Queued(String id, long submittedAt) {
    }

    /** The workers, the users and their backlogs: what the store should hold, tracked independently of it. */
    private static final class Workers {
        final TierWeights weights;
        final Map<String, Tier> tierOf = new LinkedHashMap<>();
        final Map<String, Deque<Queued>> queuedOf = new HashMap<>();
        final Map<String, Integer> runningOf = new HashMap<>();
        final List<Job> running = new ArrayList<>();

        Workers(TierWeights weights) {
            this.weights = weights;
        }

        double ratio(String user) {
            return (double) runningOf.get(user) / weights.weight(tierOf.get(user));
        }

        long head(String user) {
            return queuedOf.get(user).getFirst().submittedAt();
        }

        List<String> backlogged() {
            return tierOf.keySet().stream().filter(user -> !queuedOf.get(user).isEmpty()).toList();
        }
    }

    /** Users of random tiers, each submitting {@code backlog} jobs; the users' order changes from round to round. */
    private static Workers submitBacklogs(Random random, TierWeights weights, Map<String, Tier> users, int backlog) {
        emptyStore();
        var workers = new Workers(weights);
        workers.tierOf.putAll(users);
        users.keySet().forEach(user -> {
            workers.queuedOf.put(user, new ArrayDeque<>());
            workers.runningOf.put(user, 0);
        });
        List<String> order = new ArrayList<>(users.keySet());
        long at = T0.toEpochMilli();
        for (int round = 0; round < backlog; round++) {
            Collections.shuffle(order, random);
            for (String user : order) {
                at += 1 + random.nextInt(3);
                Instant when = Instant.ofEpochMilli(at);
                var job = new JobSubmission(JobIds.newId(when), user, "pi", "{}", 10, 1, false, when, "a").withTier(users.get(user));
                assertThat(store.submit(job, 10_000, 100_000)).isEqualTo(SubmitOutcome.ACCEPTED);
                workers.queuedOf.get(user).addLast(new Queued(job.id(), at));
            }
        }
        return workers;
    }

    /** One worker claims; the claim must be the rule's choice: smallest running/weight, then oldest waiting job. */
    private static Job claim(Workers workers) {
        List<String> backlogged = workers.backlogged();
        Job job = store.claimNext("a", T0, LEASE, workers.weights).orElseThrow();
        String user = job.userId();
        for (String other : backlogged) {
            assertThat(workers.ratio(user)).as("%s's running/weight against %s's", user, other).isLessThanOrEqualTo(workers.ratio(other));
            if (workers.ratio(other) == workers.ratio(user)) {
                assertThat(workers.head(user)).as("tie with %s: the oldest waiting job first", other).isLessThanOrEqualTo(workers.head(other));
            }
        }
        assertThat(job.id()).as("the user's oldest job").isEqualTo(workers.queuedOf.get(user).removeFirst().id());
        workers.runningOf.merge(user, 1, Integer::sum);
        workers.running.add(job);
        return job;
    }

    private static void finishOne(Random random, Workers workers) {
        Job done = workers.running.remove(random.nextInt(workers.running.size()));
        assertThat(store.finish(done.id(), "a", JobStatus.SUCCEEDED, "{}", null, 1.0, T0)).isTrue();
        workers.runningOf.merge(done.userId(), -1, Integer::sum);
    }

    private static Map<String, Tier> users(Random random, int count) {
        Map<String, Tier> users = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            users.put("user-" + i, Tier.values()[random.nextInt(Tier.values().length)]);
        }
        return users;
    }

    @Property(tries = 15)
    void withEveryUserBackloggedEachHoldsWorkersInProportionToItsTiersWeight(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 4) int free,
            @ForAll @IntRange(min = 1, max = 4) int pro,
            @ForAll @IntRange(min = 1, max = 4) int enterprise,
            @ForAll @IntRange(min = 1, max = 2) int workersPerUnitOfWeight) {
        Random random = new Random(seed);
        Map<String, Tier> users = new LinkedHashMap<>();
        users.put("free-user", Tier.FREE);
        users.put("pro-user", Tier.PRO);
        users.put("enterprise-user", Tier.ENTERPRISE);
        var weights = new TierWeights(free, pro, enterprise);
        int workerCount = workersPerUnitOfWeight * (free + pro + enterprise);
        int finishes = 30;
        Workers workers = submitBacklogs(random, weights, users, workerCount + finishes);

        for (int i = 0; i < workerCount; i++) {
            claim(workers);
        }
        for (int i = 0; i <= finishes; i++) {
            // Each user holds exactly its share of the workers: workers x weight / sum of the weights.
            for (String user : users.keySet()) {
                assertThat(workers.runningOf.get(user)).as(user).isEqualTo(workersPerUnitOfWeight * weights.weight(users.get(user)));
            }
            finishOne(random, workers);
            claim(workers);
        }
    }

    @Property(tries = 15)
    void aUserWithNothingRunningWaitsOnlyForJobsSubmittedBeforeItsOwn(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 2, max = 6) int userCount,
            @ForAll @IntRange(min = 1, max = 8) int workerCount,
            @ForAll @IntRange(min = 1, max = 8) int free,
            @ForAll @IntRange(min = 1, max = 8) int pro,
            @ForAll @IntRange(min = 1, max = 8) int enterprise) {
        Random random = new Random(seed);
        Workers workers = submitBacklogs(random, new TierWeights(free, pro, enterprise), users(random, userCount), 12);
        int claims = Math.min(workerCount, userCount * 12);
        for (int i = 0; i < claims; i++) {
            claim(workers);
        }
        while (!workers.backlogged().isEmpty()) {
            finishOne(random, workers);
            Map<String, Long> idleHeads = new HashMap<>();
            workers.backlogged().stream().filter(user -> workers.runningOf.get(user) == 0)
                    .forEach(user -> idleHeads.put(user, workers.head(user)));
            long claimedSubmittedAt = claim(workers).submittedAt().toEpochMilli();
            // However heavy the others' weights, nobody with work running passes a user with none, and among users
            // with none the oldest waiting job goes first: a user waits at most for the jobs older than its own.
            idleHeads.forEach((user, head) -> assertThat(claimedSubmittedAt).as("passed over %s", user).isLessThanOrEqualTo(head));
        }
    }

    private static void emptyStore() {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM jobs");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
