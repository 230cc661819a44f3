package io.mcscale.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.UserTier;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.TierRule;
import io.mcscale.core.policy.TierRules;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoscalerConfigTest {
    private static final String API_KEY = "psk_live_0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void shouldReadTheGuidesFileWithItsInlineCommentsAndUseEveryDefault() throws IOException {
        Path file = write("""
                # .env.autoscaler as the guide writes it
                PAPERSPACE_API_KEY=%s
                PRIMARY_MACHINE_ID=ps1234567  # Your current machine ID
                SECONDARY_MACHINE_ID=ps7654321  # Your new P4000 machine ID

                # Optional: Custom thresholds
                SCALE_UP_THRESHOLD=6
                SCALE_DOWN_THRESHOLD=4
                """.formatted(API_KEY));

        AutoscalerConfig config = AutoscalerConfig.load(file, Map.of());

        assertThat(config.policy()).isEqualTo(PolicySettings.GUIDE_DEFAULTS);
        assertThat(config.group().primary()).isEqualTo(InstanceSpec.of("ps1234567"));
        assertThat(config.group().secondaries()).containsExactly(InstanceSpec.of("ps7654321"));
        assertThat(config.provider().kind()).isEqualTo(ProviderSettings.Kind.PAPERSPACE);
        assertThat(config.paperspace().apiKey().orElseThrow().reveal()).isEqualTo(API_KEY);
        assertThat(config.paperspace().apiUrl()).isEqualTo(URI.create("https://api.paperspace.com/v1"));
        assertThat(config.control().pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.control().drainTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.control().adminListenHost()).isEqualTo("127.0.0.1");
        assertThat(config.control().adminListenPort()).isEqualTo(8190);
        assertThat(config.control().dataDir()).isEqualTo(Path.of("/var/lib/monte-carlo-autoscaler"));
        assertThat(config.control().dryRun()).isFalse();
        assertThat(config.control().eventRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(config.provider().localDataDir()).isEqualTo(Path.of("/var/lib/monte-carlo-autoscaler/platform"));
        assertThat(config.balancer().kind()).isEqualTo(BalancerSettings.Kind.NGINX);
        assertThat(config.balancer().nginxMode()).isEqualTo(BalancerSettings.NginxMode.SYSTEM);
        assertThat(config.balancer().prefixDir()).isEqualTo(Path.of("/var/lib/monte-carlo-autoscaler/nginx"));
        assertThat(config.cost().monthlyBudgetUsd()).isEmpty();
        assertThat(config.cost().instanceHourlyRateUsd()).isEqualTo(0.51);
    }

    @Test
    void shouldTolerateExportPrefixesAndQuotesAndLetTheEnvironmentWin() throws IOException {
        Path file = write("""
                export PROVIDER=local
                PRIMARY_MACHINE_ID="primary"
                SECONDARY_MACHINE_ID='second, third'
                PRIMARY_URL=http://127.0.0.1:8001
                SECONDARY_URL=127.0.0.1:8002,http://127.0.0.1:8003/
                NGINX_RELOAD_COMMAND="sudo nginx -s reload"  # quoted, with a comment
                COOLDOWN_SECONDS=300
                POLL_INTERVAL_SECONDS=0.5
                """);

        AutoscalerConfig config = AutoscalerConfig.load(file, Map.of("COOLDOWN_SECONDS", "5", "PATH", "/usr/bin"));

        assertThat(config.provider().kind()).isEqualTo(ProviderSettings.Kind.LOCAL);
        assertThat(config.policy().cooldown()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.control().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.balancer().reloadCommand()).isEqualTo("sudo nginx -s reload");
        assertThat(config.group().maxInstances()).isEqualTo(3);
        assertThat(config.policy().maxInstances()).isEqualTo(3);
        assertThat(config.group().secondaries()).extracting(InstanceSpec::machineId).containsExactly("second", "third");
        assertThat(config.group().secondaries().get(0).platformUrl()).contains(URI.create("http://127.0.0.1:8002"));
        assertThat(config.group().secondaries().get(1).platformUrl()).contains(URI.create("http://127.0.0.1:8003"));
    }

    @Test
    void shouldNameAnUnknownKeyAndSuggestTheClosestKnownOne() throws IOException {
        Path file = write(minimal() + "COOLDOWN_SECOND=300\n");

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key COOLDOWN_SECOND (line 4): did you mean COOLDOWN_SECONDS?");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
        "CPU_UP_THRESHOLD, 101, a number 0-100",
        "CPU_UP_THRESHOLD, seventy, a number 0-100",
        "VOTES_TO_SCALE_UP, 6, a whole number 1-5",
        "COOLDOWN_SECONDS, -1, seconds 0-86400",
        "DRY_RUN, maybe, true or false",
        "LOAD_BALANCER, haproxy, nginx or none",
        "PLATFORM_PORT, 70000, a whole number 1-65535",
        "EVENT_RETENTION_DAYS, 0, a whole number 1-36500",
        "EVENT_RETENTION_DAYS, 30d, a whole number 1-36500",
    })
    void shouldRefuseAnOutOfRangeValueNamingKeyValueAndRange(String key, String value, String allowed) throws IOException {
        Path file = write(minimal() + key + "=" + value + "\n");

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key + "=" + value + " (line 4) is not allowed: use " + allowed);
    }

    @Test
    void shouldSayWhenABadValueComesFromTheEnvironment() throws IOException {
        Path file = write(minimal() + "COOLDOWN_SECONDS=300\n");

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of("COOLDOWN_SECONDS", "5m")))
                .hasMessageContaining("COOLDOWN_SECONDS=5m (environment) is not allowed: use seconds 0-86400");
    }

    @Test
    void shouldNameTheLineOfAnUnclosedQuoteWithoutEchoingTheValue() throws IOException {
        Path file = write("PRIMARY_MACHINE_ID=ps1\r\nPAPERSPACE_API_KEY=\"psk_live_0123456789\r\n");

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of()))
                .hasMessageContaining("line 2 (PAPERSPACE_API_KEY): the value opens a \" quote but never closes it")
                .hasMessageNotContaining("psk_live");
    }

    @Test
    void shouldRefuseAKeySetTwice() throws IOException {
        Path file = write(minimal() + "CPU_UP_THRESHOLD=70\nCPU_UP_THRESHOLD=75\n");

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of()))
                .hasMessageContaining("CPU_UP_THRESHOLD is set twice (lines 4 and 5): keep one");
    }

    @Test
    void shouldListEveryProblemAtOnce() throws IOException {
        Path file = write("CPU_DOWN_THRESHOLD=80\nGPU_UP_THRESHOLD=200\nthis line is wrong\n");

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(
                        "GPU_UP_THRESHOLD=200 (line 2) is not allowed: use a number 0-100",
                        "line 3 is not KEY=VALUE (a comment starts with #)",
                        "CPU_DOWN_THRESHOLD (80) must be below CPU_UP_THRESHOLD (70)",
                        "PRIMARY_MACHINE_ID is required: the id of the always-on machine, e.g. ps1234567"));
    }

    @Test
    void shouldAskForAnApiKeyOrTheLocalProviderWhenNeitherIsSet() throws IOException {
        Path file = write("PRIMARY_MACHINE_ID=ps1\nSECONDARY_MACHINE_ID=ps2\n");

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of()))
                .hasMessageContaining("set PAPERSPACE_API_KEY to use Paperspace, or PROVIDER=local");
    }

    @Test
    void shouldRequireAUrlPerMachineForTheLocalProviderAndOnePerSecondaryId() throws IOException {
        Path file = write("PROVIDER=local\nPRIMARY_MACHINE_ID=a\nSECONDARY_MACHINE_ID=b,c\nPRIMARY_URL=127.0.0.1:8001\nSECONDARY_URL=127.0.0.1:8002\n");

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of()))
                .hasMessageContaining("SECONDARY_URL has 1 URLs but SECONDARY_MACHINE_ID has 2 ids");
    }

    @Test
    void shouldNeverShowMoreThanFourCharactersOfASecret() throws IOException {
        Path file = write(minimal() + "ADMIN_TOKEN=adm1n-token-very-secret\nPLATFORM_ADMIN_TOKEN=plat-token-secret\n");

        AutoscalerConfig config = AutoscalerConfig.load(file, Map.of());

        assertThat(config.toString()).contains("psk_****", "adm1****", "plat****")
                .doesNotContain(API_KEY, "adm1n-token-very-secret", "plat-token-secret");
        assertThat(new Secret("short").toString()).isEqualTo("****");
    }

    @Test
    void shouldNotEchoASecretInAnError() throws IOException {
        Path file = write(minimal());

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of("PROVIDER", "paperspace", "PAPERSPACE_API_KEY", "")))
                .hasMessageContaining("PAPERSPACE_API_KEY is required when PROVIDER=paperspace")
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void shouldLoadThePolicyForReplayWithoutCredentialsOrMachines() throws IOException {
        Path file = write("COOLDOWN_SECONDS=60\n");

        PolicySettings policy = AutoscalerConfig.loadPolicy(Optional.of(file), Map.of());

        assertThat(policy.cooldown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.maxInstances()).isEqualTo(2);
        assertThat(AutoscalerConfig.loadPolicy(Optional.empty(), Map.of())).isEqualTo(PolicySettings.GUIDE_DEFAULTS);
    }

    @Test
    void shouldReadThePollIntervalAndRateForThePlannerWithoutCredentials() throws IOException {
        Path file = write("POLL_INTERVAL_SECONDS=15\nINSTANCE_HOURLY_RATE_USD=0.78\nSECONDARY_MACHINE_ID=ps2,ps3\n");

        PlanningSettings planning = AutoscalerConfig.loadPlanning(Optional.of(file), Map.of());

        assertThat(planning.pollInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(planning.hourlyRateUsd()).isEqualTo(0.78);
        assertThat(planning.policy().maxInstances()).isEqualTo(3);
    }

    @Test
    void shouldTurnPredictiveScalingOnWithItsLeadTimeDefaultingToATypicalBoot() throws IOException {
        ControlSettings on = AutoscalerConfig.load(write(minimal() + "PREDICTIVE_SCALING=true\n"), Map.of()).control();
        ControlSettings early = AutoscalerConfig.load(
                write(minimal() + "PREDICTIVE_SCALING=true\nPREDICTIVE_LEAD_SECONDS=120\n"), Map.of()).control();
        ControlSettings off = AutoscalerConfig.load(
                write(minimal() + "PREDICTIVE_SCALING=false\nPREDICTIVE_LEAD_SECONDS=120\n"), Map.of()).control();

        assertThat(on.predictiveLead()).contains(Duration.ofSeconds(300));
        assertThat(early.predictiveLead()).contains(Duration.ofSeconds(120));
        assertThat(off.predictiveLead()).isEmpty();
        assertThatThrownBy(() -> AutoscalerConfig.load(write(minimal() + "PREDICTIVE_LEAD_SECONDS=-5\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PREDICTIVE_LEAD_SECONDS");
    }

    @Test
    void shouldStillRefuseUnknownKeysForReplay() throws IOException {
        Path file = write("SCALE_UP_TRESHOLD=8\n");

        assertThatThrownBy(() -> AutoscalerConfig.loadPolicy(Optional.of(file), Map.of()))
                .hasMessageContaining("did you mean SCALE_UP_THRESHOLD?");
    }

    @Test
    void shouldSayWhenTheFileIsMissing() {
        assertThatThrownBy(() -> AutoscalerConfig.load(dir.resolve("nope.env"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.env")
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldReadPerTierRulesAndLeaveTiersWithoutKeysWithoutRules() throws IOException {
        Path file = write(minimal() + "TIER_ENTERPRISE_RESPONSE_UP_SECONDS=1\nTIER_ENTERPRISE_RESPONSE_DOWN_SECONDS=0.5\n"
                + "TIER_PRO_QUEUE_UP=3\nTIER_PRO_USERS_UP=2\nTIER_PRO_VOTES_TO_SCALE_UP=2\n");

        TierRules rules = AutoscalerConfig.load(file, Map.of()).policy().tierRules();

        assertThat(rules.rules()).containsExactly(
                new TierRule(UserTier.PRO, OptionalInt.of(2), OptionalInt.empty(), OptionalInt.of(3), OptionalInt.empty(),
                        OptionalDouble.empty(), OptionalDouble.empty(), 2),
                new TierRule(UserTier.ENTERPRISE, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                        OptionalDouble.of(1), OptionalDouble.of(0.5), 1));
        assertThat(AutoscalerConfig.loadPolicy(Optional.of(file), Map.of()).tierRules()).isEqualTo(rules);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a down threshold without its up one | TIER_FREE_QUEUE_DOWN=0 | TIER_FREE_QUEUE_DOWN is set without TIER_FREE_QUEUE_UP: a down threshold belongs to an up rule; set TIER_FREE_QUEUE_UP or remove TIER_FREE_QUEUE_DOWN",
        "a down wait not below the up wait | TIER_PRO_RESPONSE_UP_SECONDS=1\\nTIER_PRO_RESPONSE_DOWN_SECONDS=1 | TIER_PRO_RESPONSE_DOWN_SECONDS (1) must be below TIER_PRO_RESPONSE_UP_SECONDS (1)",
        "more votes than rules | TIER_ENTERPRISE_QUEUE_UP=2\\nTIER_ENTERPRISE_VOTES_TO_SCALE_UP=2 | TIER_ENTERPRISE_VOTES_TO_SCALE_UP must be 1-1 (the enterprise tier has 1 rule), got 2",
        "votes without a rule | TIER_PRO_VOTES_TO_SCALE_UP=1 | TIER_PRO_VOTES_TO_SCALE_UP is set but the pro tier has no rule: set TIER_PRO_RESPONSE_UP_SECONDS, TIER_PRO_QUEUE_UP or TIER_PRO_USERS_UP, or remove it",
        "a value out of range | TIER_FREE_USERS_UP=0 | TIER_FREE_USERS_UP=0 (line 4) is not allowed: use a whole number 1-100000",
    })
    void shouldRefuseBrokenTierRulesNamingTheKeys(String why, String lines, String message) throws IOException {
        Path file = write(minimal() + lines.replace("\\n", "\n") + "\n");

        assertThatThrownBy(() -> AutoscalerConfig.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(message));
    }

    private static String minimal() {
        return "PAPERSPACE_API_KEY=" + API_KEY + "\nPRIMARY_MACHINE_ID=ps1\nSECONDARY_MACHINE_ID=ps2\n";
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve(".env.autoscaler"), text);
    }
}
