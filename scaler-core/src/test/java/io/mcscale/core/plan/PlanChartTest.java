package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.policy.PolicySettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class PlanChartTest {
    @Test
    void shouldDrawThreePanelsWithOneLinePerPolicyAsWellFormedSvg() throws Exception {
        Demand days = PredictiveRuleTest.officeWeek(2, Set.of(2, 3, 4));
        GroupShape shape = new GroupShape(8, 300, 30, 300, 0.51, 3);
        GroupSimulation simulation = new GroupSimulation(days, shape);
        Timeline guide = new Timeline();
        Timeline alone = new Timeline();
        PlanOutcome outcome = simulation.scaled("guide", new GuideRule(PolicySettings.GUIDE_DEFAULTS), 2, guide);
        simulation.alwaysOn("always-on:1", 1, alone);

        String svg = PlanChart.render("plan <demand & more>", List.of(new PlanChart.Series("guide", guide),
                new PlanChart.Series("always-on:1", alone)), outcome.horizonSeconds());

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(3 * 2);
        assertThat(svg).contains("plan &lt;demand &amp; more&gt;", "machines on", "simulations waiting", "always-on:1");
        // The guide's line reaches 2 machines (the top of the first panel); always-on:1 stays at 1.
        assertThat(guide.size()).isEqualTo((int) (outcome.horizonSeconds() / 30) + 1);
        assertThat(svg).contains(">2</text>");
    }

    @Test
    void shouldRoundTheScaleUpToOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(PlanChart.niceCeiling(0.3)).isEqualTo(1);
        assertThat(PlanChart.niceCeiling(2)).isEqualTo(2);
        assertThat(PlanChart.niceCeiling(37)).isEqualTo(50);
        assertThat(PlanChart.niceCeiling(120)).isEqualTo(200);
        assertThat(PlanChart.niceCeiling(501)).isEqualTo(1000);
    }
}
