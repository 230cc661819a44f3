package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.core.model.MetricSample;
import io.mcscale.core.model.TierLoad;
import io.mcscale.core.model.UserTier;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.metrics.MetricsReport;
import io.mcscale.platform.metrics.TierFigures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The platform's {@code tiers} object, as it writes it, is what the scaler's per-tier rules read (Contract 1). */
class TierMetricsContractTest {
    @Test
    void theScalerReadsEveryTierThePlatformReports() throws Exception {
        MetricsReport report = new MetricsReport(5, 40, 30, 0, 3, 120, "ps-1", 2, 300, false, 60, "test", 0, 8,
                Map.of(Tier.FREE, new TierFigures(3, 2, 4.25, 9.5), Tier.ENTERPRISE, new TierFigures(2, 1, 1.5, 2)));

        MetricSample sample = MetricSample.parseJson(new ObjectMapper().writeValueAsString(report.toJson()));

        var tiers = sample.tiers().orElseThrow();
        assertThat(tiers.load(UserTier.FREE)).isEqualTo(new TierLoad(3, 2, 4.25, 9.5));
        assertThat(tiers.load(UserTier.PRO)).isEqualTo(TierLoad.IDLE);
        assertThat(tiers.load(UserTier.ENTERPRISE)).isEqualTo(new TierLoad(2, 1, 1.5, 2));
    }
}
