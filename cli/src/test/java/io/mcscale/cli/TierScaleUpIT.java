package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.scaler.admin.AdminClient;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.scaler.store.ActionRecord;
import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.DecisionRecord;
import io.mcscale.scaler.store.EventStore;
import io.mcscale.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's "an enterprise user's slow waits scale the group up while the free tier's do not", with
 * the parts users run: {@code bin/mcscale autoscaler} on the local provider, which starts
 * {@code bin/mcscale platform --auth keys} machines on loopback; users made with {@code bin/mcscale users add}
 * in their store; simulations sent with {@code Authorization: Bearer}. Only the enterprise tier has a rule
 * ({@code TIER_ENTERPRISE_RESPONSE_UP_SECONDS=1}), and the guide's own conditions are out of reach
 * (CPU above 100 %, 100000 users, a queue of a million, an hour's response, all five votes), so the only
 * thing that can scale the group up is the enterprise tier's wait.
 */
class TierScaleUpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOOT = Duration.ofSeconds(150);
    /** Decisions that saw the free tier waiting past 1 s, all of which must have left the group alone. */
    private static final int FREE_DECISIONS = 4;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Process daemon;
    private Path dataDir;

    @AfterEach
    void killEverythingStarted() throws IOException {
        if (daemon != null) {
            daemon.destroyForcibly();
        }
        if (dataDir != null) {
            LocalGroup.killPlatforms(dataDir);
        }
    }

    @Test
    void shouldScaleUpOnTheEnterpriseTiersWaitsButNotOnTheFreeTiers() throws Exception {
        int primaryPort = FreePorts.next();
        int adminPort = FreePorts.next();
        dataDir = dir.resolve("data");
        Path platformData = dataDir.resolve("platform");
        Path config = LocalGroup.writeConfig(dir.resolve(".env.autoscaler"), dataDir, primaryPort, FreePorts.next(), adminPort,
                "--auth keys --workers 1 --grace-seconds 60", List.of(
                        "COOLDOWN_SECONDS=3",
                        "SCALE_DOWN_DELAY_SECONDS=3600",
                        // The guide's five votes cannot all hold (no CPU is above 100 %): only a tier can scale the group up.
                        "VOTES_TO_SCALE_UP=5",
                        "CPU_UP_THRESHOLD=100",
                        "CPU_DOWN_THRESHOLD=99.9",
                        "SCALE_UP_THRESHOLD=100000",
                        "SCALE_DOWN_THRESHOLD=0",
                        "QUEUE_UP_THRESHOLD=1000000",
                        "RESPONSE_UP_SECONDS=3600",
                        "RESPONSE_DOWN_SECONDS=1",
                        "TIER_ENTERPRISE_RESPONSE_UP_SECONDS=1"));
        AdminClient admin = new AdminClient("127.0.0.1:" + adminPort, LocalGroup.ADMIN_TOKEN);

        String freeKey = addUser(platformData, "fran", "free");
        String enterpriseKey = addUser(platformData, "erin", "enterprise");
        daemon = new ProcessBuilder(BinMcscale.repositoryRoot().resolve("bin/mcscale").toString(), "autoscaler", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("autoscaler.log").toFile()).start();
        await().atMost(BOOT).until(() -> phase(admin, 0).equals("serving"));

        // Keys mode: a forged X-User-Id is nobody, and so is a made-up key.
        assertThat(send(get(primaryPort, "/api/simulations").header("X-User-Id", "erin")).statusCode()).isEqualTo(401);
        assertThat(send(get(primaryPort, "/api/simulations").header("Authorization", "Bearer mcs_not-a-key")).statusCode()).isEqualTo(401);
        assertThat(send(get(primaryPort, "/api/simulations").header("Authorization", "Bearer " + freeKey)).statusCode()).isEqualTo(200);

        // 1) the free user floods the single worker: its queued simulations wait, the scaler sees it and does nothing.
        List<String> freeIds = new ArrayList<>();
        for (int seed = 1; seed <= 4; seed++) {
            freeIds.add(submitLongSimulation(primaryPort, freeKey, seed));
        }
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> decisionsSeeingWait("free").size() >= FREE_DECISIONS);
        List<DecisionRecord> sawFreeWaiting = decisionsSeeingWait("free");
        assertThat(sawFreeWaiting).extracting(DecisionRecord::outcome).containsOnly("none");
        assertThat(decisions()).extracting(DecisionRecord::outcome).doesNotContain("scale_up");
        assertThat(actions()).noneMatch(a -> a.kind() == ActionKind.SCALE_UP);
        assertThat(phase(admin, 1)).isEqualTo("off");

        // 2) the same flood from the enterprise user scales the group up, and says it was the enterprise tier's wait.
        for (String id : freeIds) {
            assertThat(send(HttpRequest.newBuilder(uri(primaryPort, "/api/simulations/" + id)).DELETE()
                    .header("Authorization", "Bearer " + freeKey)).statusCode()).isBetween(200, 204);
        }
        for (int seed = 11; seed <= 14; seed++) {
            submitLongSimulation(primaryPort, enterpriseKey, seed);
        }
        await().atMost(BOOT).ignoreExceptions().until(() -> actions().stream()
                .anyMatch(a -> a.kind() == ActionKind.SCALE_UP && a.result().orElse(null) == ActionResult.OK));
        DecisionRecord scaleUp = decisions().stream().filter(d -> d.outcome().equals("scale_up")).findFirst().orElseThrow();
        assertThat(scaleUp.reasons()).contains("enterprise:wait>1s");
        assertThat(String.join(" ", scaleUp.reasons())).doesNotContain("free:");
        assertThat(JSON.readTree(scaleUp.inputsJson()).path("tiers").path("enterprise").path("avg_wait_seconds").asDouble()).isGreaterThan(1);
        System.out.printf("free: %d decisions saw its wait above 1 s (max %.1f s), none scaled; enterprise: scale_up at wait %.1f s%n",
                sawFreeWaiting.size(), sawFreeWaiting.stream().mapToDouble(d -> waitOf(d, "free")).max().orElse(0),
                waitOf(scaleUp, "enterprise"));
    }

    /** {@code bin/mcscale users add}, as an operator runs it against the platforms' store; the key is its last line. */
    private static String addUser(Path platformData, String name, String tier) throws IOException, InterruptedException {
        BinMcscale.Result added = BinMcscale.run("users", "add", name, "--tier", tier, "--data-dir", platformData.toString());
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        List<String> lines = added.stdout().lines().toList();
        return lines.get(lines.size() - 1).strip();
    }

    private String submitLongSimulation(int port, String key, int seed) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(port, "/api/simulations"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                // Minutes of work each: the one worker stays busy and the rest queue.
                .POST(HttpRequest.BodyPublishers.ofString(LocalGroup.longSimulation(seed))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("id").asText();
    }

    /** Every decision whose inputs show {@code tier}'s mean wait above the enterprise rule's 1 s. */
    private List<DecisionRecord> decisionsSeeingWait(String tier) {
        return decisions().stream().filter(d -> waitOf(d, tier) > 1).toList();
    }

    private static double waitOf(DecisionRecord decision, String tier) {
        try {
            return JSON.readTree(decision.inputsJson()).path("tiers").path(tier).path("avg_wait_seconds").asDouble(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<DecisionRecord> decisions() {
        try (EventStore store = EventStore.open(dataDir.resolve("events.db"))) {
            return store.recentDecisions(1000);
        }
    }

    private List<ActionRecord> actions() {
        try (EventStore store = EventStore.open(dataDir.resolve("events.db"))) {
            return store.recentActions(200);
        }
    }

    private static String phase(AdminClient admin, int machine) {
        try {
            return admin.status().path("instances").path(machine).path("phase").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpRequest.Builder get(int port, String path) {
        return HttpRequest.newBuilder(uri(port, path)).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
