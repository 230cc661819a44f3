package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanOutcomeTest {
    @Test
    void shouldWriteRoundedPlainDecimalsNeverExponents() {
        PlanOutcome outcome = new PlanOutcome("guide", 10_000, 200.004, 102.765, 0.414, 2.1, 3, 14, 2, Map.of(), 3600);

        assertThat(outcome.toJson()).isEqualTo("{\"policy\":\"guide\",\"simulations\":10000,\"instance_hours\":200,"
                + "\"cost_usd\":102.77,\"mean_wait_s\":0.41,\"p95_wait_s\":2.1,\"slow_simulations\":3,\"slow_fraction\":0.0003,"
                + "\"actions\":14,\"max_instances\":2}");
    }

    @Test
    void shouldAddTheChangedKeysInNameOrderForARecommendation() {
        PlanOutcome outcome = new PlanOutcome("recommended", 1, 1, 1, 0, 0, 0, 0, 1,
                Map.of("SCALE_DOWN_DELAY_SECONDS", "300", "COOLDOWN_SECONDS", "120"), 3600);

        assertThat(outcome.toJson()).endsWith("\"config\":{\"COOLDOWN_SECONDS\":\"120\",\"SCALE_DOWN_DELAY_SECONDS\":\"300\"}}");
    }

    @Test
    void shouldScaleTheCostToA720HourMonth() {
        PlanOutcome day = new PlanOutcome("always-on:2", 1, 48, 24.48, 0, 0, 0, 0, 2, Map.of(), 86_400);

        assertThat(day.costPerMonthUsd()).isCloseTo(734.40, org.assertj.core.data.Offset.offset(1e-9));
    }
}
