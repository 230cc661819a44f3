package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * March 2026 (744 h) in an event store: the primary on all month, the secondary on for 10 h, a
 * peak of 8 active users. At $0.51/h and $5 storage per machine: 754 h = $384.54, + $10 storage.
 */
class CostReportCommandTest {
    @TempDir
    Path dataDir;
    Path config;

    @BeforeEach
    void aMonthOfEvents() throws Exception {
        try (EventStore store = EventStore.open(dataDir.resolve("events.db"))) {
            store.recordState(Instant.parse("2026-02-20T00:00:00Z"), "ps1234567", MachineState.READY);
            store.recordState(Instant.parse("2026-03-02T09:00:00Z"), "ps7654321", MachineState.STARTING);
            store.recordState(Instant.parse("2026-03-02T09:02:00Z"), "ps7654321", MachineState.READY);
            store.recordState(Instant.parse("2026-03-02T19:00:00Z"), "ps7654321", MachineState.OFF);
            store.recordDecision(Instant.parse("2026-03-02T09:00:00Z"), GroupDecision.Kind.SCALE_UP, List.of("active_users>=6"),
                    Map.of("active_users", 8, "cpu_usage", 75.0));
            store.recordDecision(Instant.parse("2026-03-05T09:00:00Z"), GroupDecision.Kind.NONE, List.of(), Map.of("active_users", 3));
            store.recordDecision(Instant.parse("2026-04-01T09:00:00Z"), GroupDecision.Kind.NONE, List.of(), Map.of("active_users", 30));
        }
        config = dataDir.resolve(".env.autoscaler");
        Files.writeString(config, "PAPERSPACE_API_KEY=abcdefghijkl\nPRIMARY_MACHINE_ID=ps1234567\n"
                + "SECONDARY_MACHINE_ID=ps7654321\nDATA_DIR=" + dataDir + "\nMONTHLY_BUDGET_USD=500\n");
    }

    @Test
    void shouldReportTheMonthsInstanceHoursCostSavingsAndCostPerUser() throws Exception {
        InProcessRun run = InProcessRun.of("cost", "report", "--month", "2026-03", "--config", config.toString(), "--json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String out = run.stdout();

        var json = new ObjectMapper().readTree(out);
        assertThat(json.get("machines").get(0).get("instance_hours").decimalValue()).isEqualByComparingTo("744");
        assertThat(json.get("machines").get(1).get("instance_hours").decimalValue()).isEqualByComparingTo("10");
        assertThat(json.get("cost_so_far_usd").decimalValue()).isEqualByComparingTo("394.54");
        assertThat(json.get("projected_month_usd").decimalValue()).isEqualByComparingTo("394.54");
        assertThat(json.get("always_on_usd").decimalValue()).isEqualByComparingTo("768.88");
        assertThat(json.get("savings_vs_always_on_percent").decimalValue()).isEqualByComparingTo("48.69");
        assertThat(json.get("peak_active_users").asInt()).isEqualTo(8);
        assertThat(json.get("cost_per_active_user_usd").decimalValue()).isEqualByComparingTo("49.32");
        assertThat(json.get("budget_blocks_scale_up").asBoolean()).isFalse();
    }

    @Test
    void shouldPrintATableWithEachMachine() {
        InProcessRun run = InProcessRun.of("cost", "report", "--month", "2026-03", "--config", config.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String out = run.stdout();

        assertThat(out).contains("| ps1234567", "744", "$379.44", "| ps7654321", "$5.10", "Cost so far:          $394.54", "Cost per active user: $49.32",
                "budget: month projected at $394.54 <= MONTHLY_BUDGET_USD $500.00");
    }

    @Test
    void shouldRejectAMalformedMonthNamingTheOption() {
        assertThat(Main.execute("cost", "report", "--month", "March", "--config", config.toString())).isEqualTo(2);
    }
}
