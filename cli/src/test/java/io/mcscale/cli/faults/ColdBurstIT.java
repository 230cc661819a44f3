package io.mcscale.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 8: 300 users submit at once to an instance that has just started (a cold JVM). Each
 * submit gets an answer within 1 s, a 202, 429 or 503, and every accepted simulation is one its
 * client was told about: the store holds nothing a client does not know, and loses nothing it does.
 */
class ColdBurstIT {
    private static final int USERS = 300;
    private static final long ANSWER_BOUND_MS = 1000;

    @TempDir
    Path dir;

    private record Sent(String user, int status, String id, long millis) {
    }

    @Test
    void aBurstOfThreeHundredUsersOnAColdInstanceIsAnsweredWithinASecondEach() throws Exception {
        try (Rig rig = new Rig(dir)) {
            Rig.Platform cold = rig.platform("cold", List.of("--data-dir", dir.resolve("data").toString()), "--workers", "2");
            List<CompletableFuture<Sent>> sends = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String user = "user-" + i;
                HttpRequest request = HttpRequest.newBuilder(URI.create(cold.url() + "/api/simulations"))
                        .timeout(Duration.ofSeconds(30)).header("X-User-Id", user).header("Idempotency-Key", user + "-1")
                        .POST(HttpRequest.BodyPublishers.ofString(Rig.pi(1_000_000, i))).build();
                long start = System.nanoTime();
                sends.add(rig.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    String id = null;
                    if (response.statusCode() == 202) {
                        id = readId(response.body());
                    }
                    return new Sent(user, response.statusCode(), id, millis);
                }));
            }
            List<Sent> answers = new ArrayList<>();
            for (CompletableFuture<Sent> send : sends) {
                answers.add(send.get(60, TimeUnit.SECONDS));
            }

            Ledger ledger = new Ledger();
            Map<Integer, Long> byStatus = new TreeMap<>();
            for (Sent sent : answers) {
                byStatus.merge(sent.status(), 1L, Long::sum);
                if (sent.id() != null) {
                    ledger.accepted(sent.user(), sent.id());
                }
            }
            long maxMillis = answers.stream().mapToLong(Sent::millis).max().orElseThrow();
            List<Long> sorted = answers.stream().map(Sent::millis).sorted().toList();
            long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);

            // Every user, accepted or not: what the store holds for them is exactly what they were told.
            List<String> everyone = answers.stream().map(Sent::user).toList();
            rig.awaitAllFinal(cold, ledger, Duration.ofSeconds(300));
            var listed = rig.listAll(cold, everyone);
            long unknown = everyone.stream().filter(user -> ledger.acceptedOf(user).isEmpty())
                    .mapToLong(user -> listed.getOrDefault(user, List.of()).size()).sum();
            Ledger.Check check = ledger.check(listed);

            Figures figures = new Figures("cold-burst", USERS + " users submit at once to a cold platform (SQLite, 2 workers)")
                    .put("max_answer_ms", maxMillis).put("p99_answer_ms", p99).put("simulations", check)
                    .put("unknown_to_client", unknown).put("machines_forgotten", "n/a (no scaler)");
            byStatus.forEach((status, count) -> figures.put("answers_" + status, count));
            figures.write(); // before the assertions: a failing run's figures are the evidence
            assertThat(byStatus.keySet()).as("answers by status %s", byStatus).isSubsetOf(202, 429, 503);
            assertThat(maxMillis).as("slowest answer (ms); p99 %d; by status %s", p99, byStatus).isLessThanOrEqualTo(ANSWER_BOUND_MS);
            assertThat(check.problems()).isEmpty();
            assertThat(unknown).as("simulations stored for a user who was not told they were accepted").isZero();
        }
    }

    private static String readId(String body) {
        try {
            return Rig.JSON.readTree(body).path("id").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
