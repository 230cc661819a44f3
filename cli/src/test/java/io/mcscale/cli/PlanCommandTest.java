package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.testkit.OfficeWeek;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcscale plan} in process: the contract's JSON lines, the table, determinism, clear errors. */
class PlanCommandTest {
    @TempDir
    Path dir;

    private Path twoDays() throws Exception {
        return Files.writeString(dir.resolve("demand.csv"), OfficeWeek.csv(18, 3, 2));
    }

    @Test
    void shouldPrintOneContractJsonLinePerPolicyInTheContractsFieldOrder() throws Exception {
        InProcessRun run = InProcessRun.of("plan", "--demand", twoDays().toString(), "--json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines()).hasSize(4);
        assertThat(run.stdout().lines().map(line -> line.replaceAll("\"policy\":\"[^\"]+\"", "P").replaceAll(":[-0-9.E]+", ":#")))
                .containsOnly("{P,\"simulations\":#,\"instance_hours\":#,\"cost_usd\":#,\"mean_wait_s\":#,\"p95_wait_s\":#,"
                        + "\"slow_simulations\":#,\"slow_fraction\":#,\"actions\":#,\"max_instances\":#}");
        assertThat(run.stdout().lines().map(line -> line.substring(0, line.indexOf(',')))).containsExactly(
                "{\"policy\":\"guide\"", "{\"policy\":\"predictive\"", "{\"policy\":\"always-on:1\"", "{\"policy\":\"always-on:2\"");
    }

    @Test
    void shouldGiveByteIdenticalOutputForTheSameInput() throws Exception {
        Path demand = twoDays();

        InProcessRun first = InProcessRun.of("plan", "--demand", demand.toString(), "--json", "--boot-seconds", "300");
        InProcessRun second = InProcessRun.of("plan", "--demand", demand.toString(), "--json", "--boot-seconds", "300");
        InProcessRun table = InProcessRun.of("plan", "--demand", demand.toString());
        InProcessRun tableAgain = InProcessRun.of("plan", "--demand", demand.toString());

        assertThat(first.stdout()).isNotEmpty().isEqualTo(second.stdout());
        assertThat(table.stdout()).isNotEmpty().isEqualTo(tableAgain.stdout());
    }

    @Test
    void shouldShowATableWithCostPerMonthAgainstAlwaysOnDual() throws Exception {
        InProcessRun run = InProcessRun.of("plan", "--demand", twoDays().toString(), "--policy", "always-on:2,always-on:1");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines().skip(1).findFirst().orElseThrow())
                .contains("policy", "cost", "per month", "vs dual", "mean wait", "p95 wait", "slow");
        assertThat(run.stdout()).containsPattern("always-on:2 +\\$[0-9.,]+ +\\$734\\.40 +\\+0\\.0%")
                .containsPattern("always-on:1 +\\$[0-9.,]+ +\\$367\\.20 +-50\\.0%");
    }

    @Test
    void shouldTakeTheGroupSizeAndRateFromTheConfigurationUnlessOverridden() throws Exception {
        Path config = Files.writeString(dir.resolve(".env.autoscaler"),
                "SECONDARY_MACHINE_ID=ps2,ps3,ps4\nINSTANCE_HOURLY_RATE_USD=1.00\n");
        Path demand = Files.writeString(dir.resolve("burst.csv"), burst(200));

        String pool = InProcessRun.of("plan", "--demand", demand.toString(), "--config", config.toString(),
                "--policy", "guide", "--json", "--boot-seconds", "0").stdout();
        String capped = InProcessRun.of("plan", "--demand", demand.toString(), "--config", config.toString(),
                "--policy", "guide", "--json", "--boot-seconds", "0", "--max-instances", "2", "--rate", "2").stdout();

        assertThat(pool).contains("\"max_instances\":4");
        assertThat(capped).contains("\"max_instances\":2");
        assertThat(cost(capped) / hours(capped)).isBetween(1.99, 2.01);
        assertThat(cost(pool) / hours(pool)).isBetween(0.99, 1.01);
    }

    @Test
    void shouldRejectABadRowNamingItsLineWithoutAStackTrace() throws Exception {
        Path demand = Files.writeString(dir.resolve("bad.csv"), "time_s,user_id,work_s\n0,a,5\n3,b,five\n");

        InProcessRun run = InProcessRun.of("plan", "--demand", demand.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("bad.csv line 3: work_s 'five' is not a number of seconds").doesNotContain("Exception");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownPolicyAndAMissingFile() throws Exception {
        InProcessRun policy = InProcessRun.of("plan", "--demand", twoDays().toString(), "--policy", "guide,magic");
        InProcessRun missing = InProcessRun.of("plan", "--demand", dir.resolve("nope.csv").toString());
        InProcessRun empty = InProcessRun.of("plan", "--demand", Files.writeString(dir.resolve("empty.csv"), "time_s,user_id,work_s\n").toString());

        assertThat(policy.exitCode()).isEqualTo(2);
        assertThat(policy.stderr()).contains("--policy has 'magic': use a comma list of guide, predictive and always-on:N");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("nope.csv: no such file");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.stderr()).contains("empty.csv has no simulations after its header: nothing to plan");
    }

    @Test
    void shouldAddARecommendationWithTheEnvKeysItChanged() throws Exception {
        Path demand = twoDays();

        InProcessRun json = InProcessRun.of("plan", "--demand", demand.toString(), "--policy", "guide", "--recommend",
                "--slow-target", "1", "--json");
        InProcessRun table = InProcessRun.of("plan", "--demand", demand.toString(), "--policy", "guide", "--recommend",
                "--slow-target", "1");

        assertThat(json.exitCode()).as(json.stderr()).isZero();
        assertThat(json.stdout().lines()).hasSize(2);
        assertThat(json.stdout().lines().skip(1).findFirst().orElseThrow())
                .startsWith("{\"policy\":\"recommended\",").contains("\"config\":{").contains("\"actions\":0");
        assertThat(json.stderr()).containsPattern("recommend: tried [0-9]+ configurations for the cheapest with slow fraction <= 1.0000");
        assertThat(table.stdout()).contains("recommended: paste into .env.autoscaler").containsPattern("(?m)^[A-Z_]+=[0-9.]+$");
    }

    @Test
    void shouldRejectASlowTargetThatIsNoFractionOrComesWithoutRecommend() throws Exception {
        InProcessRun percent = InProcessRun.of("plan", "--demand", twoDays().toString(), "--recommend", "--slow-target", "5");
        InProcessRun alone = InProcessRun.of("plan", "--demand", twoDays().toString(), "--slow-target", "0.05");

        assertThat(percent.exitCode()).isEqualTo(2);
        assertThat(percent.stderr()).contains("--slow-target 5.0 is not a fraction: use 0-1");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.stderr()).contains("--slow-target applies to --recommend");
    }

    @Test
    void shouldDrawTheChartIntoTheGivenFile() throws Exception {
        Path svg = dir.resolve("plan.svg");

        InProcessRun run = InProcessRun.of("plan", "--demand", twoDays().toString(), "--chart", svg.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(Files.readString(svg)).startsWith("<svg").contains("predictive", "always-on:2").endsWith("</svg>\n");
        assertThat(run.stderr()).contains("chart written to " + svg);
    }

    @Test
    void shouldScaleForATiersWaitRuleAndListEachTiersWaits() throws Exception {
        // Two 60 s enterprise simulations and a 5 s one at once on 2 workers: the third waits, which only the tier rule minds.
        Path demand = Files.writeString(dir.resolve("tiers.csv"),
                "time_s,user_id,work_s,tier\n0,e,60,enterprise\n0,e,60,enterprise\n0,e,5,enterprise\n");
        Path config = Files.writeString(dir.resolve(".env.autoscaler"), "TIER_ENTERPRISE_RESPONSE_UP_SECONDS=1\n");

        InProcessRun json = InProcessRun.of("plan", "--demand", demand.toString(), "--config", config.toString(),
                "--policy", "guide", "--workers", "2", "--boot-seconds", "0", "--json");
        InProcessRun table = InProcessRun.of("plan", "--demand", demand.toString(), "--policy", "guide", "--workers", "2",
                "--boot-seconds", "0");

        assertThat(json.exitCode()).as(json.stderr()).isZero();
        assertThat(json.stdout()).contains("\"max_instances\":2,\"tiers\":{\"enterprise\":{\"simulations\":3,"
                + "\"p95_wait_s\":30,\"slow_simulations\":1,\"slow_after_s\":1}}");
        assertThat(table.stdout()).as("without the rule nothing scales").containsPattern("enterprise +3 +60\\.00 s +33\\.33% +3\\.00 s");
    }

    @Test
    void shouldOrderClaimsByTheGivenTierWeights() throws Exception {
        // Three workers run f's 30 s and 10 s simulations and e's 30 s one; at 1 s f and e queue one more each. When f's
        // 10 s one ends, each user has 1 running: per unit of weight e (1/4) beats f (1/1) by default, and with equal
        // weights the tie goes to the older head, f's. So e's second simulation waits 9 s, or with equal weights until f's
        // second 10 s one ends at 20 s: 19 s.
        Path demand = Files.writeString(dir.resolve("w.csv"), "time_s,user_id,work_s,tier\n0,f,30,free\n0,f,10,free\n"
                + "0,e,30,enterprise\n1,f,10,free\n1,e,10,enterprise\n");
        String[] plan = {"plan", "--demand", demand.toString(), "--policy", "always-on:1", "--workers", "3", "--json"};

        InProcessRun defaults = InProcessRun.of(plan);
        InProcessRun equal = InProcessRun.of(concat(plan, "--tier-weights", "enterprise=1,pro=1"));
        InProcessRun bad = InProcessRun.of(concat(plan, "--tier-weights", "gold=2"));

        assertThat(defaults.exitCode()).as(defaults.stderr()).isZero();
        assertThat(defaults.stdout()).contains("\"enterprise\":{\"simulations\":2,\"p95_wait_s\":9,");
        assertThat(equal.stdout()).contains("\"enterprise\":{\"simulations\":2,\"p95_wait_s\":19,");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--tier-weights: unknown tier 'gold'");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void shouldRejectAnUnknownTierNamingItsLine() throws Exception {
        Path demand = Files.writeString(dir.resolve("tiers.csv"), "time_s,user_id,work_s,tier\n0,e,60,enterprise\n1,f,1,gold\n");

        InProcessRun run = InProcessRun.of("plan", "--demand", demand.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("line 3: tier 'gold' is not a tier: use free|pro|enterprise").doesNotContain("Exception");
    }

    /** Many users submitting long simulations at once: enough to need every machine of a pool. */
    private static String burst(int simulations) {
        StringBuilder csv = new StringBuilder("time_s,user_id,work_s\n");
        for (int i = 0; i < simulations; i++) {
            csv.append(i).append(",u").append(i % 40).append(",900\n");
        }
        return csv.toString();
    }

    private static double cost(String json) {
        return number(json, "cost_usd");
    }

    private static double hours(String json) {
        return number(json, "instance_hours");
    }

    private static double number(String json, String key) {
        String rest = json.substring(json.indexOf("\"" + key + "\":") + key.length() + 3);
        return Double.parseDouble(rest.substring(0, rest.indexOf(',')));
    }
}
