package io.mcscale.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.store.JobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /api/health of a real platform over a real SQLite store whose file is taken away, replaced or
 * locked against writes: an instance that cannot keep jobs says so, so that the scaler fails over.
 * (Tests run as root, where a chmod'ed directory stays writable; a write lock held by another
 * connection is how SQLite itself refuses our writes here.)
 */
class HealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;
    private Platform platform;

    @BeforeEach
    void start() {
        PlatformConfig config = PlatformConfig.defaults().withListen("127.0.0.1", 0).withInstanceId("health-a").withWorkers(1);
        platform = Platform.start(config, JobStore.sqlite(dataDir), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private HttpResponse<String> health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertUnhealthyBecause(String reason) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> answer = health();
            assertThat(answer.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.get("status").asText()).isEqualTo("unhealthy");
            assertThat(body.get("reason").asText()).contains(reason);
        });
    }

    @Test
    void aHealthyStoreAnswersOk() throws Exception {
        HttpResponse<String> answer = health();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void aDeletedDatabaseFileIsUnhealthyAndTakesNoSubmission() throws Exception {
        Files.delete(dataDir.resolve("jobs.db"));

        assertUnhealthyBecause("deleted");
        // Accepted into the deleted file, a simulation would be lost at the next restart.
        HttpResponse<String> submit = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port()
                + "/api/simulations")).header("X-User-Id", "alice")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"pi\",\"paths\":1000}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submit.statusCode()).as(submit.body()).isEqualTo(503);
        assertThat(submit.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(submit.body()).path("error").asText()).contains("jobs.db");
    }

    @Test
    void aReplacedDatabaseFileIsUnhealthy() throws Exception {
        Path copy = dataDir.resolve("copy.db");
        Files.copy(dataDir.resolve("jobs.db"), copy);
        Files.move(copy, dataDir.resolve("jobs.db"), StandardCopyOption.REPLACE_EXISTING);

        assertUnhealthyBecause("replaced");
    }

    @Test
    void aStoreThatCannotBeWrittenIsUnhealthyAndRecoversWhenWritesWork() throws Exception {
        assertThat(health().statusCode()).isEqualTo(200);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("jobs.db"));
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");

            assertUnhealthyBecause("write");

            statement.execute("ROLLBACK");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(health().statusCode()).isEqualTo(200));
    }
}
