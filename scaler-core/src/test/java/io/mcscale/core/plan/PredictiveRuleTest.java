package io.mcscale.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.PolicySettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PredictiveRuleTest {
    private static final GroupShape SLOW_BOOTS = new GroupShape(8, 300, 30, 300, 0.51, 3);
    private static final PolicySettings GUIDE = PolicySettings.GUIDE_DEFAULTS;

    /**
     * Office days and a quiet weekend: 12 users arrive within 5 minutes of 09:00 and of 13:00, and
     * each submits a simulation every 2 minutes on average (100 s of work on average) until 12:00
     * and 17:00. That is about 10 busy workers: more than one 8-worker machine, less than two.
     */
    static Demand officeWeek(long seed, Set<Integer> holidays) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> rows = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            for (int user = 0; user < 12; user++) {
                for (double[] session : new double[][] {{9, 12}, {13, 17}}) {
                    double t = day * 86_400 + session[0] * 3600 + random.nextDouble() * 300;
                    for (; t < day * 86_400 + session[1] * 3600; t += -Math.log(1 - random.nextDouble()) * 120) {
                        double work = -Math.log(1 - random.nextDouble()) * 100;
                        if (!holidays.contains(day)) {
                            rows.add(new double[] {t, user, work});
                        }
                    }
                }
            }
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        Demands demands = Demands.builder();
        rows.forEach(row -> demands.row(row[0], "user" + (int) row[1], row[2]));
        return demands.build();
    }

    /** Keeps every decision the rule makes. */
    record Recording(GroupRule rule, List<GroupDecision> decisions) implements GroupRule {
        Recording(GroupRule rule) {
            this(rule, new ArrayList<>());
        }

        @Override
        public GroupDecision decide(PollView view, Instant now) {
            GroupDecision decision = rule.decide(view, now);
            decisions.add(decision);
            return decision;
        }
    }

    @Test
    void shouldCutSlowSimulationsClearlyForAFewPercentMoreCostOnARepeatingOfficeWeek() {
        GroupSimulation simulation = new GroupSimulation(officeWeek(11, Set.of()), SLOW_BOOTS);

        PlanOutcome guide = simulation.scaled("guide", new GuideRule(GUIDE), 2, null);
        PlanOutcome predictive = simulation.scaled("predictive", new PredictiveRule(GUIDE, SLOW_BOOTS), 2, null);
        PlanOutcome dual = simulation.alwaysOn("always-on:2", 2, null);

        // Two machines all the time set the floor: the waits no scaling policy can avoid at this load.
        // The guide's excess over it comes from the 5-minute boots at each morning and afternoon start;
        // the forecast learns them from day 2 on and removes most of that excess.
        int guideExcess = guide.slowSimulations() - dual.slowSimulations();
        int predictiveExcess = predictive.slowSimulations() - dual.slowSimulations();
        assertThat(guideExcess).isGreaterThan(200);
        assertThat(predictiveExcess).isLessThan(guideExcess / 2);
        assertThat(predictive.slowSimulations()).isLessThan(guide.slowSimulations() * 4 / 5);
        assertThat(predictive.p95WaitSeconds()).isLessThan(guide.p95WaitSeconds() / 2);
        assertThat(predictive.costUsd()).isBetween(guide.costUsd(), guide.costUsd() * 1.05);
    }

    @Test
    void shouldGiveItsForecastAsTheReasonForAPreWarm() {
        Recording predictive = new Recording(new PredictiveRule(GUIDE, SLOW_BOOTS));

        new GroupSimulation(officeWeek(11, Set.of()), SLOW_BOOTS).scaled("predictive", predictive, 2, null);

        List<List<String>> preWarms = predictive.decisions().stream()
                .filter(d -> d.kind() == GroupDecision.Kind.SCALE_UP && d.reasons().get(0).startsWith("forecast"))
                .map(GroupDecision::reasons).toList();
        assertThat(preWarms).hasSizeGreaterThanOrEqualTo(6);
        assertThat(preWarms).anySatisfy(reasons -> assertThat(reasons).anyMatch(r -> r.matches("forecast 1[0-2] users at 09:00"))
                .contains("pre-warm 300 s ahead"));
        assertThat(preWarms).anySatisfy(reasons -> assertThat(reasons).anyMatch(r -> r.matches("forecast 1[0-2] users at 13:00")));
    }

    @Test
    void shouldNeverScaleDownUnlessTheGuidesRulesDo() {
        Recording predictive = new Recording(new PredictiveRule(GUIDE, SLOW_BOOTS));

        new GroupSimulation(officeWeek(5, Set.of(2)), SLOW_BOOTS).scaled("predictive", predictive, 2, null);

        List<GroupDecision> downs = predictive.decisions().stream()
                .filter(d -> d.kind() == GroupDecision.Kind.SCALE_DOWN).toList();
        // Each one is the guide's own decision: every down-condition held for the whole delay (or longer, when held).
        assertThat(downs).isNotEmpty().allSatisfy(d -> assertThat(d.reasons())
                .contains("active_users<=4", "cpu<30", "queue==0", "response<1s")
                .anyMatch(r -> r.matches("low for ([6-9][0-9]{2}|[0-9]{4,}) of 600 s")));
    }

    @Test
    void shouldCostOnlyAnEarlyStartWhenAForecastDayIsAHoliday() {
        // Wednesday is a holiday: the forecast foresees 09:00 and 13:00 as usual and pre-warms, then sees
        // nobody come and stops trusting itself, so the guide's scale-down goes ahead.
        Demand withHoliday = officeWeek(5, Set.of(2));
        GroupSimulation simulation = new GroupSimulation(withHoliday, SLOW_BOOTS);

        PlanOutcome guide = simulation.scaled("guide", new GuideRule(GUIDE), 2, null);
        PlanOutcome predictive = simulation.scaled("predictive", new PredictiveRule(GUIDE, SLOW_BOOTS), 2, null);
        PlanOutcome usual = new GroupSimulation(officeWeek(5, Set.of()), SLOW_BOOTS)
                .scaled("predictive", new PredictiveRule(GUIDE, SLOW_BOOTS), 2, null);
        PlanOutcome usualGuide = new GroupSimulation(officeWeek(5, Set.of()), SLOW_BOOTS)
                .scaled("guide", new GuideRule(GUIDE), 2, null);

        double extraHours = predictive.instanceHours() - guide.instanceHours();
        double usualExtraHours = usual.instanceHours() - usualGuide.instanceHours();
        // Two wasted pre-warms of about 20 minutes each, at most.
        assertThat(extraHours).isLessThan(usualExtraHours + 1.0);
    }
}
