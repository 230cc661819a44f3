package io.mcscale.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2: SIGTERM one of two platforms while four users keep submitting and waiting for their
 * results through both. A user whose request fails (refused, reset, 503) sends it again, with the
 * same Idempotency-Key, to the other instance, as nginx would. Nothing accepted is lost or doubled.
 */
class SigtermDrainIT {
    private static final List<String> USERS = List.of("ann", "bob", "cy", "dee");
    private static final int MAX_SUBMISSIONS_PER_USER = 60;

    @TempDir
    Path dir;

    @Test
    void sigtermUnderLoadDrainsWithoutLosingOrDoublingASimulation() throws Exception {
        try (Rig rig = new Rig(dir)) {
            List<String> store = List.of("--data-dir", dir.resolve("data").toString());
            Rig.Platform victim = rig.platform("node-a", store, "--workers", "2", "--grace-seconds", "60");
            Rig.Platform survivor = rig.platform("node-b", store, "--workers", "2", "--grace-seconds", "60");
            List<Rig.Platform> both = List.of(victim, survivor);
            Ledger ledger = new Ledger();
            Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
            AtomicLong maxAnswerMillis = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();

            ExecutorService users = Executors.newFixedThreadPool(USERS.size());
            List<Future<?>> running = new ArrayList<>();
            for (String user : USERS) {
                running.add(users.submit(() -> {
                    for (int i = 0; i < MAX_SUBMISSIONS_PER_USER && !stop.get(); i++) {
                        String key = user + "-" + i;
                        String body = Rig.pi(2_000_000, i);
                        // Two tries: the instance of the rotation, then the other one with the same key.
                        for (int attempt = 0; attempt < 2; attempt++) {
                            Rig.Platform target = both.get((i + attempt) % 2);
                            try {
                                Rig.Answer answer = rig.submit(target, user, body, key);
                                answers.computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
                                maxAnswerMillis.accumulateAndGet(answer.millis(), Math::max);
                                if (answer.status() == 202) {
                                    String id = answer.body().path("id").asText();
                                    ledger.accepted(user, id);
                                    rig.get(survivor, "/api/simulations/" + id + "?wait=30", user);
                                    break;
                                }
                                if (answer.status() != 503) {
                                    break;
                                }
                            } catch (IOException e) {
                                answers.computeIfAbsent(0, s -> new AtomicLong()).incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    rig.get(victim, "/api/metrics", null).body().path("running_simulations").asInt() > 0);
            long acceptedBeforeTerm = ledger.acceptedCount();
            long term = System.nanoTime();
            victim.process().destroy(); // SIGTERM
            assertThat(victim.process().waitFor(90, TimeUnit.SECONDS)).as("the drained instance exits").isTrue();
            double drainSeconds = (System.nanoTime() - term) / 1e9;
            int exitCode = victim.process().exitValue();
            // The users go on through the survivor for a while, then stop.
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.acceptedCount() >= acceptedBeforeTerm + USERS.size());
            stop.set(true);
            for (Future<?> user : running) {
                user.get(120, TimeUnit.SECONDS);
            }
            users.shutdown();

            rig.awaitAllFinal(survivor, ledger, Duration.ofSeconds(180));
            Ledger.Check check = ledger.check(rig.listAll(survivor, ledger.users()));

            assertThat(check.problems()).isEmpty();
            assertThat(check.lost()).isZero();
            assertThat(check.duplicates()).isZero();
            assertThat(check.accepted()).isGreaterThan(acceptedBeforeTerm);
            Figures figures = new Figures("sigterm-drain", "SIGTERM one of two platforms (SQLite) under load by 4 users")
                    .put("drain_seconds", drainSeconds).put("exit_code", exitCode).put("simulations", check)
                    .put("max_answer_ms", maxAnswerMillis.get()).put("machines_forgotten", "n/a (no scaler)");
            answers.forEach((status, count) -> figures.put("answers_" + (status == 0 ? "failed_connection" : status), count.get()));
            figures.write();
        }
    }
}
