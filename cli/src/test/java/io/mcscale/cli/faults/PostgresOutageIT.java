package io.mcscale.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcscale.testkit.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5: PostgreSQL stops for 30 s while three users submit to a platform on it. Meanwhile every
 * submit is answered 503 with Retry-After (never a hang, never a 500), health is 503, and once the
 * database is back every simulation accepted before, during or after is run, once.
 */
class PostgresOutageIT {
    private static final List<String> USERS = List.of("ann", "bob", "cy");
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void postgresDownForThirtySecondsUnderLoadGives503sWithRetryAfterAndLosesNothing() throws Exception {
        Path pgData = Files.createDirectories(dir.resolve("pg"));
        int pgPort = FreePorts.next();
        EmbeddedPostgres postgres = startPostgres(pgData, pgPort);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE jobs");
        }
        String jdbcUrl = postgres.getJdbcUrl("postgres", "jobs");
        try (Rig rig = new Rig(dir)) {
            Rig.Platform platform = rig.platform("pg-a", List.of("--store", "postgres", "--jdbc-url", jdbcUrl, "--db-user", "postgres",
                    "--data-dir", dir.resolve("data").toString()), "--workers", "2");
            Ledger ledger = new Ledger();
            Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
            AtomicLong maxAnswerMillis = new AtomicLong();
            AtomicLong withoutRetryAfter = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch ended = new CountDownLatch(1);
            AtomicBoolean down = new AtomicBoolean();

            ExecutorService users = Executors.newFixedThreadPool(USERS.size());
            List<Future<?>> running = new ArrayList<>();
            for (String user : USERS) {
                running.add(users.submit(() -> {
                    // Each submission is sent until it is accepted (or the scenario ends), with its one key.
                    for (int i = 0; i < 400 && !stop.get(); i++) {
                        String key = user + "-" + i;
                        for (int attempt = 0; attempt < 1000 && !stop.get(); attempt++) {
                            Rig.Answer answer;
                            try {
                                answer = rig.submit(platform, user, Rig.pi(300_000, i), key);
                            } catch (IOException e) {
                                answers.computeIfAbsent("failed_connection", s -> new AtomicLong()).incrementAndGet();
                                continue;
                            }
                            String phase = down.get() ? "during_" : "";
                            answers.computeIfAbsent(phase + answer.status(), s -> new AtomicLong()).incrementAndGet();
                            maxAnswerMillis.accumulateAndGet(answer.millis(), Math::max);
                            if (answer.status() == 202) {
                                ledger.accepted(user, answer.body().path("id").asText());
                                break;
                            }
                            if (answer.status() == 503 && answer.raw().headers().firstValue("Retry-After").isEmpty()) {
                                withoutRetryAfter.incrementAndGet();
                            }
                            // A client honours Retry-After (1 s or more) in part: it waits 200 ms, or less if the scenario ends.
                            if (ended.await(200, TimeUnit.MILLISECONDS)) {
                                return null;
                            }
                        }
                    }
                    return null;
                }));
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.acceptedCount() >= 10);
            down.set(true);
            postgres.close(); // PostgreSQL stops
            long stoppedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> rig.get(platform, "/api/health", null).status() == 503);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(answers.getOrDefault("during_503", new AtomicLong()).get())
                    .as("503s during the outage; answers so far %s", answers).isGreaterThanOrEqualTo(10));
            await().atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> System.nanoTime() - stoppedAt >= OUTAGE.toNanos());
            long acceptedBeforeBack = ledger.acceptedCount();
            postgres = startPostgres(pgData, pgPort); // back, on the same data
            down.set(false);
            long backAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(120)).until(() -> ledger.acceptedCount() >= acceptedBeforeBack + USERS.size());
            double firstAcceptsAfterSeconds = (System.nanoTime() - backAt) / 1e9;
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> rig.get(platform, "/api/health", null).status() == 200);
            stop.set(true);
            ended.countDown();
            for (Future<?> user : running) {
                user.get(120, TimeUnit.SECONDS);
            }
            users.shutdown();
            rig.awaitAllFinal(platform, ledger, Duration.ofSeconds(240));
            Ledger.Check check = ledger.check(rig.listAll(platform, ledger.users()));

            Figures figures = new Figures("postgres-outage", "PostgreSQL stopped for 30 s while 3 users submit to one platform")
                    .put("outage_seconds", (backAt - stoppedAt) / 1e9).put("max_answer_ms", maxAnswerMillis.get())
                    .put("accepts_again_after_seconds", firstAcceptsAfterSeconds)
                    .put("simulations", check).put("machines_forgotten", "n/a (no scaler)");
            answers.forEach((status, count) -> figures.put("answers_" + status, count.get()));
            figures.write(); // before the assertions: a failing run's figures are the evidence
            assertThat(answers.keySet()).as("answers %s", answers).doesNotContain("500", "during_500");
            assertThat(withoutRetryAfter.get()).as("503s without Retry-After").isZero();
            assertThat(answers.getOrDefault("failed_connection", new AtomicLong()).get()).as("submits left unanswered (10 s)").isZero();
            assertThat(check.problems()).isEmpty();
        } finally {
            postgres.close();
        }
    }

    /** Never cleaned on close: the data must outlive the stop (the test's folder is removed afterwards). */
    private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
