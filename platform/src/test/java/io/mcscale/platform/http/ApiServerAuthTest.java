package io.mcscale.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.auth.AuthMode;
import io.mcscale.platform.auth.IssuedKey;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.store.JobStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A real platform with {@code --auth keys} on a loopback port over a real SQLite store: who may see what. */
class ApiServerAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;
    private Platform platform;
    private JobStore store;
    private IssuedKey alice;
    private IssuedKey bob;

    @BeforeEach
    void start() {
        store = JobStore.sqlite(dataDir);
        alice = store.users().add("alice", Tier.PRO, T0);
        bob = store.users().add("bob", Tier.FREE, T0);
        platform = Platform.start(PlatformConfig.defaults().withListen("127.0.0.1", 0).withInstanceId("auth-test").withWorkers(1)
                .withLease(Duration.ofSeconds(30), Duration.ofMillis(100)).withAuth(AuthMode.KEYS), store, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    /** Sends a request with these headers (name, value, name, value, ...). */
    private Answer send(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().startsWith("{") ? JSON.readTree(response.body()) : null, response);
    }

    private static String bearer(IssuedKey key) {
        return "Bearer " + key.secret();
    }

    private static final String PI = "{\"model\":\"pi\",\"parameters\":{},\"paths\":1000,\"seed\":1}";

    @Test
    void shouldIgnoreAForgedUserHeaderAndRefuseARequestWithoutAKey() throws Exception {
        Answer submitted = send("POST", "/api/simulations", PI, "Authorization", bearer(alice), "X-User-Id", "bob");
        String id = submitted.body().get("id").asText();

        assertThat(submitted.status()).isEqualTo(202);
        assertThat(send("GET", "/api/simulations/" + id, null, "Authorization", bearer(alice)).status()).isEqualTo(200);
        assertThat(send("GET", "/api/simulations/" + id, null, "Authorization", bearer(bob)).status())
                .as("the simulation is alice's, whatever X-User-Id said").isEqualTo(404);

        Answer forged = send("GET", "/api/simulations/" + id, null, "X-User-Id", "alice");

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body().get("field").asText()).isEqualTo("Authorization");
        assertThat(forged.body().get("error").asText()).contains("Authorization: Bearer KEY");
        assertThat(forged.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(send("POST", "/api/simulations", PI, "X-User-Id", "alice").status()).isEqualTo(401);
    }

    @Test
    void shouldAnswerABadKeyWith401AndAJsonErrorShowingAtMostFourCharactersOfIt() throws Exception {
        String wrong = "mcs_" + alice.secret().substring(4, 8) + "XXXX" + alice.secret().substring(12);

        Answer answer = send("GET", "/api/simulations", null, "Authorization", "Bearer " + wrong);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().get("field").asText()).isEqualTo("Authorization");
        assertThat(answer.body().get("error").asText()).contains("is not known").contains("mcs_" + alice.prefix() + "...")
                .doesNotContain(wrong.substring(0, 9));
        assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    }

    @Test
    void shouldLeaveRefusedRequestsOutOfTheResponseTimeTheScalerReads() throws Exception {
        // A flood of bad keys is fast to refuse; counted, it would pull avg_response_time down and hide slow answers.
        for (int i = 0; i < 20; i++) {
            assertThat(send("GET", "/api/simulations", null, "Authorization", "Bearer mcs_not-a-key").status()).isEqualTo(401);
        }
        assertThat(send("GET", "/api/simulations", null).status()).isEqualTo(401);

        JsonNode metrics = send("GET", "/api/metrics", null).body();
        assertThat(metrics.get("avg_response_time").asDouble()).as("avg_response_time after only refused requests").isZero();
        assertThat(metrics.get("active_users").asInt()).isZero();
    }

    @Test
    void shouldRefuseARevokedKeyAtTheNextRequest() throws Exception {
        assertThat(send("GET", "/api/simulations", null, "Authorization", bearer(bob)).status()).isEqualTo(200);
        // As `mcscale users revoke bob` does: another process, its own connection to the same store.
        try (JobStore operator = JobStore.sqlite(dataDir)) {
            operator.users().revoke("bob", Instant.now());
        }

        Answer answer = send("GET", "/api/simulations", null, "Authorization", bearer(bob));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().get("error").asText()).contains("was revoked");
        assertThat(answer.body().get("field").asText()).isEqualTo("Authorization");
        assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    }

    @Test
    void shouldShowEachUserOnlyTheirOwnSimulations() throws Exception {
        String alices = send("POST", "/api/simulations", PI, "Authorization", bearer(alice)).body().get("id").asText();
        String bobs = send("POST", "/api/simulations", PI, "Authorization", bearer(bob)).body().get("id").asText();

        JsonNode alicesList = send("GET", "/api/simulations", null, "Authorization", bearer(alice)).body();
        JsonNode bobsList = send("GET", "/api/simulations", null, "Authorization", bearer(bob)).body();

        assertThat(alicesList.get("simulations")).extracting(s -> s.get("id").asText()).containsExactly(alices);
        assertThat(bobsList.get("simulations")).extracting(s -> s.get("id").asText()).containsExactly(bobs);
        assertThat(send("GET", "/api/simulations/" + alices, null, "Authorization", bearer(bob)).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/simulations/" + alices, null, "Authorization", bearer(bob)).status()).isEqualTo(404);
    }

    @Test
    void shouldGiveEachSimulationTheTierOfTheKeysUserWhateverTheClientSays() throws Exception {
        // Paused, so both stay queued and show in the tiers of /api/metrics.
        platform.drain();
        String alices = send("POST", "/api/simulations", PI, "Authorization", bearer(alice), "X-User-Id", "bob").body().get("id").asText();
        String bobs = send("POST", "/api/simulations", PI, "Authorization", bearer(bob)).body().get("id").asText();

        assertThat(store.find(alices).map(Job::tier)).contains(Tier.PRO);
        assertThat(store.find(bobs).map(Job::tier)).contains(Tier.FREE);
        JsonNode tiers = send("GET", "/api/metrics", null).body().get("tiers");
        assertThat(tiers.at("/pro/simulation_queue_length").asInt()).isEqualTo(1);
        assertThat(tiers.at("/free/simulation_queue_length").asInt()).isEqualTo(1);
    }

    @Test
    void shouldTrustTheUserHeaderInHeaderModeWithTheRegisteredUsersTier() throws Exception {
        platform.close();
        platform = Platform.start(PlatformConfig.defaults().withListen("127.0.0.1", 0).withInstanceId("header-test").withWorkers(1)
                .withAuth(AuthMode.HEADER), JobStore.sqlite(dataDir), Clock.systemUTC());
        platform.drain();

        String alices = send("POST", "/api/simulations", PI, "X-User-Id", "alice").body().get("id").asText();
        String carols = send("POST", "/api/simulations", PI, "X-User-Id", "carol").body().get("id").asText();

        try (JobStore reader = JobStore.sqlite(dataDir)) {
            assertThat(reader.find(alices).map(job -> job.userId() + " " + job.tier())).contains("alice PRO");
            assertThat(reader.find(carols).map(job -> job.userId() + " " + job.tier())).contains("carol FREE");
        }
        assertThat(send("GET", "/api/simulations/" + alices, null, "Authorization", bearer(alice)).status())
                .as("a key works in header mode too").isEqualTo(200);
    }

    @Test
    void shouldKeepHealthAndMetricsOpen() throws Exception {
        assertThat(send("GET", "/api/health", null).status()).isEqualTo(200);
        assertThat(send("GET", "/api/metrics", null).body().has("active_users")).isTrue();
        assertThat(send("GET", "/metrics", null).status()).isEqualTo(200);
    }

    @Test
    void shouldNeverLogAKeyWhenRequestsBringGoodBadAndRevokedKeys() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("io.mcscale");
        Level before = ours.getLevel();
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        root.addAppender(appender);
        ours.setLevel(Level.TRACE);
        String bad = "mcs_" + "Z".repeat(43);
        try {
            send("POST", "/api/simulations?wait=10", PI, "Authorization", bearer(alice));
            send("GET", "/api/simulations", null, "Authorization", "Bearer " + bad);
            send("GET", "/api/simulations", null, "Authorization", "Bearer hunter2-not-ours");
            try (JobStore operator = JobStore.sqlite(dataDir)) {
                operator.users().revoke("bob", Instant.now());
            }
            send("GET", "/api/simulations", null, "Authorization", bearer(bob));
        } finally {
            root.detachAppender(appender);
            ours.setLevel(before);
        }
        List<String> logged = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            logged.add(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                logged.add(t.getMessage());
            }
        }
        String all = String.join("\n", logged);

        assertThat(all).as("the refusals are logged (at debug), with a 4-character prefix at most")
                .contains("refused GET /api/simulations").contains("mcs_ZZZZ...").contains("mcs_" + bob.prefix() + "...");
        for (String secret : List.of(alice.secret(), bob.secret(), bad, "hunter2-not-ours")) {
            // 5 characters after mcs_ is already more than may be shown.
            String tooMuch = secret.startsWith("mcs_") ? secret.substring(0, 9) : secret.substring(0, 5);
            assertThat(all).as("the log").doesNotContain(tooMuch);
        }
    }
}
