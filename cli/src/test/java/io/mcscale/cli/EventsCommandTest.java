package io.mcscale.cli;

import io.mcscale.scaler.store.ActionResult;
import io.mcscale.scaler.store.ActionKind;
import io.mcscale.core.policy.GroupDecision;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.model.MachineState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-17T15:00:00Z");

    @TempDir
    Path dir;

    private AdminServerOnLoopback daemon;

    @BeforeEach
    void start() throws Exception {
        daemon = new AdminServerOnLoopback(dir);
        daemon.store.recordState(NOW.minusSeconds(3 * 86400), "ps-1", MachineState.READY);
        daemon.store.recordDecision(NOW.minusSeconds(2 * 86400), GroupDecision.Kind.NONE, List.of("two days ago"), Map.of("instances", 1));
        daemon.store.recordDecision(NOW.minusSeconds(3600), GroupDecision.Kind.SCALE_UP, List.of("active_users>=6", "cpu>70"),
                Map.of("instances", 1, "active_users", 7, "cpu_usage", 82.25, "simulation_queue_length", 0, "avg_response_time_ms", 1250));
        long up = daemon.store.actionStarted(NOW.minusSeconds(3600), ActionKind.SCALE_UP, "ps-2");
        daemon.store.actionEnded(up, NOW.minusSeconds(3510), ActionResult.OK, "ps-2 ready and healthy");
        daemon.store.recordDecision(NOW.minusSeconds(60), GroupDecision.Kind.NONE, List.of("cooldown 240 s left"), Map.of("instances", 2));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void shouldPrintOneLinePerDecisionAndActionOfTheLastDayOldestFirst() {
        InProcessRun run = InProcessRun.of("events", "--config", daemon.config().toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines()).containsExactly(
                "2026-03-17T14:00:00Z  decision scale_up   active_users>=6; cpu>70  [instances 1, users 7, cpu 82.3%, queue 0, response 1.25 s]",
                "2026-03-17T14:00:00Z  action   scale_up   ps-2: ok after 90 s (ps-2 ready and healthy)",
                "2026-03-17T14:59:00Z  decision none       cooldown 240 s left  [instances 2]");
    }

    @Test
    void shouldReachBackAsFarAsSinceSays() {
        InProcessRun run = InProcessRun.of("events", "--since", "7d", "--config", daemon.config().toString());

        assertThat(run.stdout().lines()).hasSize(4).first().asString().contains("two days ago");
        assertThat(InProcessRun.of("events", "--since", "30m", "--config", daemon.config().toString()).stdout().lines())
                .singleElement().asString().contains("cooldown 240 s left");
    }

    @Test
    void shouldPrintJsonLinesWithTheirType() throws Exception {
        InProcessRun run = InProcessRun.of("events", "--json", "--config", daemon.config().toString());

        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(l -> l.path("type").asText()).containsExactly("decision", "action", "decision");
        assertThat(lines.get(0).path("reasons").get(1).asText()).isEqualTo("cpu>70");
        assertThat(lines.get(0).path("inputs").path("active_users").asInt()).isEqualTo(7);
        assertThat(lines.get(1).path("machine").asText()).isEqualTo("ps-2");
        assertThat(lines.get(1).path("ended_at").asText()).isEqualTo("2026-03-17T14:01:30Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "24", "-1h", "0m", "32d", "1w"})
    void shouldRefuseASinceThatIsNotAWindowNamingIt(String since) {
        InProcessRun run = InProcessRun.of("events", "--since", since, "--config", daemon.config().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).startsWith("mcscale events: --since: got '" + since + "'")
                .doesNotContain("Exception").hasLineCount(1);
    }
}
