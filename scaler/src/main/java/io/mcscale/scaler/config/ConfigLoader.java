package io.mcscale.scaler.config;

import io.mcscale.core.model.Backend;
import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.placement.RegionPreference;
import io.mcscale.core.placement.RegionWeights;
import io.mcscale.core.policy.PolicySettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads the file and the environment into checked values, collecting every problem before
 * failing, so that one run of the daemon (or of {@code mcscale config check}) shows everything
 * that is wrong at once. Problems stop the daemon; warnings (a prototype key name, the guide's
 * example machine ids) are reported and the value is used.
 */
final class ConfigLoader {
    private final String source;
    private final Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    private final List<String> problems = new ArrayList<>();
    private final Map<ConfigKey, String> unfilledPlaceholders = new EnumMap<>(ConfigKey.class);
    private final List<String> warnings = new ArrayList<>();
    /** Keys whose value was refused (and reported): a problem that follows from one is not reported again. */
    private final Set<ConfigKey> refused = EnumSet.noneOf(ConfigKey.class);

    private ConfigLoader(String source) {
        this.source = source;
    }

    static ConfigLoader read(Optional<Path> file, Map<String, String> environment) {
        ConfigLoader loader = new ConfigLoader(file.map(Path::toString).orElse("defaults") + " + environment");
        file.ifPresent(loader::readFile);
        for (ConfigKey key : ConfigKey.values()) {
            String fromEnvironment = environment.get(key.name());
            if (fromEnvironment != null) {
                // systemd's EnvironmentFile= keeps an inline "# comment" in the value; read it as the file is read.
                loader.put(key, EnvFile.withoutInlineComment(fromEnvironment), "environment");
            }
        }
        return loader;
    }

    private void readFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("the file does not exist: create it from deploy/.env.autoscaler.example"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
        Map<String, EnvFile.Entry> entries = EnvFile.parse(text, problems);
        entries.forEach((name, entry) -> {
            Optional<ConfigKey> key = ConfigKey.byName(name);
            Optional<ConfigKey> meant = TemplateValues.prototypeName(name);
            if (key.isPresent()) {
                put(key.get(), entry.value(), "line " + entry.line());
            } else if (meant.isPresent()) {
                readPrototypeName(name, meant.get(), entry, Optional.ofNullable(entries.get(meant.get().name())));
            } else {
                problems.add("unknown key " + name + " (line " + entry.line() + ")"
                        + ConfigKey.closestTo(name).map(k -> ": did you mean " + k.name() + "?").orElse(""));
            }
        });
    }

    private void readPrototypeName(String name, ConfigKey key, EnvFile.Entry entry, Optional<EnvFile.Entry> alsoSet) {
        String at = name + "=" + entry.value() + " (line " + entry.line() + ")";
        if (alsoSet.isEmpty()) {
            warnings.add(at + " is the prototype's name for " + TemplateValues.meaning(key) + ": read as " + key.name() + "="
                    + entry.value() + "; rename it to " + key.name());
            put(key, entry.value(), "line " + entry.line() + ", as " + name);
        } else if (alsoSet.get().value().equals(entry.value())) {
            warnings.add(at + " repeats " + key.name() + " (line " + alsoSet.get().line() + "): remove " + name);
        } else {
            problems.add(at + " and " + key.name() + "=" + alsoSet.get().value() + " (line " + alsoSet.get().line()
                    + ") both set " + TemplateValues.meaning(key) + ": keep " + key.name() + " and remove " + name);
        }
    }

    private void put(ConfigKey key, String value, String origin) {
        unfilledPlaceholders.remove(key);
        if (value.isEmpty()) {
            values.remove(key);
            return;
        }
        if (TemplateValues.isPlaceholder(value)) {
            unfilledPlaceholders.put(key, key.name() + "=" + shown(key, value) + " (" + origin
                    + ") is a template placeholder, not filled in: set it to the " + key.description());
            values.remove(key);
            return;
        }
        if (TemplateValues.hasGuideExampleId(key, value)) {
            warnings.add(key.name() + "=" + value + " (" + origin + ") is the guide's example value: check that it is "
                    + "your machine's id (Paperspace console, machine details)");
        }
        Optional<String> problem = key.check(value, origin);
        if (problem.isPresent()) {
            problems.add(problem.get());
            refused.add(key);
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }

    private static String shown(ConfigKey key, String value) {
        return key.isSecret() ? new Secret(value).redacted() : value;
    }

    /** The replay's view: the policy only, with no credentials or provider settings required. */
    PolicySettings policyOnly() {
        unfilledPlaceholders.forEach((key, problem) -> {
            if (isPolicyKey(key)) {
                problems.add(problem);
            }
        });
        List<String> secondaryIds = list(ConfigKey.SECONDARY_MACHINE_ID);
        // Without configured secondaries, replay assumes the guide's setup: a primary and one secondary.
        int maxInstances = secondaryIds.isEmpty() ? 2 : 1 + secondaryIds.size();
        PolicySettings policy = policy(maxInstances);
        failIfProblems();
        return policy;
    }

    /** The planner's view: the replay's policy plus the poll interval and the hourly rate. */
    PlanningSettings planningOnly() {
        PolicySettings policy = policyOnly();
        return new PlanningSettings(policy, seconds(ConfigKey.POLL_INTERVAL_SECONDS), decimal(ConfigKey.INSTANCE_HOURLY_RATE_USD));
    }

    /** Everything the daemon needs, or every problem found; the warnings either way. */
    ConfigCheck check() {
        problems.addAll(unfilledPlaceholders.values());
        InstanceGroup group = group();
        PolicySettings policy = policy(group == null ? 2 : group.maxInstances());
        Optional<Secret> apiKey = secret(ConfigKey.PAPERSPACE_API_KEY);
        ProviderSettings provider = provider(apiKey, group);
        PaperspaceSettings paperspace = new PaperspaceSettings(apiKey, apiUrl());
        Path dataDir = path(ConfigKey.DATA_DIR);
        BalancerSettings balancer = new BalancerSettings(
                BalancerSettings.Kind.valueOf(word(ConfigKey.LOAD_BALANCER)),
                BalancerSettings.NginxMode.valueOf(word(ConfigKey.NGINX_MODE)),
                path(ConfigKey.NGINX_UPSTREAM_FILE),
                text(ConfigKey.NGINX_RELOAD_COMMAND),
                text(ConfigKey.NGINX_TEST_COMMAND),
                integer(ConfigKey.NGINX_LISTEN_PORT),
                optional(ConfigKey.NGINX_PREFIX_DIR).map(Path::of).orElse(dataDir.resolve("nginx")));
        Backend adminListen = hostPort(ConfigKey.ADMIN_LISTEN);
        ControlSettings control = new ControlSettings(
                seconds(ConfigKey.POLL_INTERVAL_SECONDS),
                seconds(ConfigKey.DRAIN_TIMEOUT_SECONDS),
                integer(ConfigKey.HEALTH_FAILURES_FOR_FAILOVER),
                seconds(ConfigKey.METRICS_TIMEOUT_SECONDS),
                secret(ConfigKey.PLATFORM_ADMIN_TOKEN),
                adminListen.host(),
                adminListen.port(),
                secret(ConfigKey.ADMIN_TOKEN),
                dataDir,
                Boolean.parseBoolean(text(ConfigKey.DRY_RUN)),
                Duration.ofDays(integer(ConfigKey.EVENT_RETENTION_DAYS)),
                Boolean.parseBoolean(text(ConfigKey.PREDICTIVE_SCALING))
                        ? Optional.of(seconds(ConfigKey.PREDICTIVE_LEAD_SECONDS)) : Optional.empty());
        CostSettings cost = new CostSettings(
                optional(ConfigKey.MONTHLY_BUDGET_USD).map(v -> OptionalDouble.of(Double.parseDouble(v))).orElse(OptionalDouble.empty()),
                decimal(ConfigKey.INSTANCE_HOURLY_RATE_USD),
                decimal(ConfigKey.STORAGE_MONTHLY_USD));
        RegionSettings regions = regions();
        KubernetesSettings kubernetes = provider.kind() == ProviderSettings.Kind.KUBERNETES
                ? KubernetesSettings.check(this::optional, group != null, balancer.kind(), problems, warnings)
                : KubernetesSettings.NONE;
        Optional<AutoscalerConfig> config = problems.isEmpty()
                ? Optional.of(new AutoscalerConfig(policy, group, provider, paperspace, balancer, control, cost, regions, kubernetes))
                : Optional.empty();
        return new ConfigCheck(source, config, problems, warnings);
    }

    private PolicySettings policy(int maxInstances) {
        try {
            return new PolicySettings(
                    integer(ConfigKey.SCALE_UP_THRESHOLD),
                    integer(ConfigKey.SCALE_DOWN_THRESHOLD),
                    decimal(ConfigKey.CPU_UP_THRESHOLD),
                    decimal(ConfigKey.CPU_DOWN_THRESHOLD),
                    decimal(ConfigKey.GPU_UP_THRESHOLD),
                    decimal(ConfigKey.GPU_DOWN_THRESHOLD),
                    integer(ConfigKey.QUEUE_UP_THRESHOLD),
                    decimal(ConfigKey.RESPONSE_UP_SECONDS),
                    decimal(ConfigKey.RESPONSE_DOWN_SECONDS),
                    integer(ConfigKey.VOTES_TO_SCALE_UP),
                    seconds(ConfigKey.COOLDOWN_SECONDS),
                    seconds(ConfigKey.SCALE_DOWN_DELAY_SECONDS),
                    maxInstances)
                    .withTierRules(TierRuleKeys.read(this::optional, this::crossKeyProblem));
        } catch (IllegalArgumentException e) {
            crossKeyProblem(e);
            return null;
        }
    }

    private void crossKeyProblem(IllegalArgumentException e) {
        // A rule across keys (e.g. SCALE_DOWN_THRESHOLD below SCALE_UP_THRESHOLD) that names a key already
        // reported as refused or unfilled compared with the default standing in for it: that would mislead.
        if (Stream.concat(refused.stream(), unfilledPlaceholders.keySet().stream())
                .noneMatch(key -> e.getMessage().matches("(?s).*\\b" + key.name() + "\\b.*"))) {
            problems.add(e.getMessage());
        }
    }

    private static boolean isPolicyKey(ConfigKey key) {
        return key.section() == ConfigKey.Section.POLICY || key.section() == ConfigKey.Section.TIERS
                || key == ConfigKey.SCALE_UP_THRESHOLD
                || key == ConfigKey.SCALE_DOWN_THRESHOLD;
    }

    /** The group, or null (with a problem recorded) when it cannot be built. */
    private InstanceGroup group() {
        Optional<String> primaryId = optional(ConfigKey.PRIMARY_MACHINE_ID);
        List<String> secondaryIds = list(ConfigKey.SECONDARY_MACHINE_ID);
        if (primaryId.isEmpty() && !unfilledPlaceholders.containsKey(ConfigKey.PRIMARY_MACHINE_ID)) {
            problems.add("PRIMARY_MACHINE_ID is required: the id of the always-on machine, e.g. ps1234567");
        }
        if (secondaryIds.isEmpty() && !unfilledPlaceholders.containsKey(ConfigKey.SECONDARY_MACHINE_ID)) {
            problems.add("SECONDARY_MACHINE_ID is required: the id of the machine to scale, or a comma-separated list");
        }
        List<String> secondaryUrls = list(ConfigKey.SECONDARY_URL);
        if (!secondaryUrls.isEmpty() && secondaryUrls.size() != secondaryIds.size()) {
            problems.add("SECONDARY_URL has " + secondaryUrls.size() + " URLs but SECONDARY_MACHINE_ID has "
                    + secondaryIds.size() + " ids: give one URL per id, in the same order");
            return null;
        }
        if (primaryId.isEmpty() || secondaryIds.isEmpty()) {
            return null;
        }
        try {
            InstanceSpec primary = instance(ConfigKey.PRIMARY_MACHINE_ID, primaryId.get(),
                    optional(ConfigKey.PRIMARY_URL).map(url -> platformUrl(ConfigKey.PRIMARY_URL, url)));
            List<InstanceSpec> secondaries = new ArrayList<>();
            for (int i = 0; i < secondaryIds.size(); i++) {
                Optional<URI> url = secondaryUrls.isEmpty()
                        ? Optional.empty()
                        : Optional.of(platformUrl(ConfigKey.SECONDARY_URL, secondaryUrls.get(i)));
                secondaries.add(instance(ConfigKey.SECONDARY_MACHINE_ID, secondaryIds.get(i), url));
            }
            return new InstanceGroup(primary, secondaries, integer(ConfigKey.MIN_INSTANCES));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage().startsWith("machine id")
                    ? "SECONDARY_MACHINE_ID: " + e.getMessage() + ": list each machine once"
                    : e.getMessage());
            return null;
        }
    }

    private static InstanceSpec instance(ConfigKey key, String id, Optional<URI> url) {
        try {
            return new InstanceSpec(id, url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key.name() + ": " + e.getMessage(), e);
        }
    }

    private ProviderSettings provider(Optional<Secret> apiKey, InstanceGroup group) {
        ProviderSettings.Kind kind;
        Optional<String> chosen = optional(ConfigKey.PROVIDER);
        if (chosen.isPresent()) {
            kind = ProviderSettings.Kind.valueOf(chosen.get().toUpperCase(Locale.ROOT));
        } else if (apiKey.isPresent() || unfilledPlaceholders.containsKey(ConfigKey.PAPERSPACE_API_KEY)
                || refused.contains(ConfigKey.PROVIDER)) {
            kind = ProviderSettings.Kind.PAPERSPACE;
        } else {
            problems.add("PROVIDER is not set and PAPERSPACE_API_KEY is empty: set PAPERSPACE_API_KEY to use "
                    + "Paperspace, or PROVIDER=local to run the platforms on this machine");
            kind = ProviderSettings.Kind.PAPERSPACE;
        }
        if (kind == ProviderSettings.Kind.PAPERSPACE && chosen.isPresent() && apiKey.isEmpty()
                && !unfilledPlaceholders.containsKey(ConfigKey.PAPERSPACE_API_KEY)) {
            problems.add("PAPERSPACE_API_KEY is required when PROVIDER=paperspace");
        }
        if (kind == ProviderSettings.Kind.LOCAL && group != null) {
            for (InstanceSpec spec : group.all()) {
                if (spec.platformUrl().isEmpty()) {
                    String key = group.isPrimary(spec.machineId()) ? "PRIMARY_URL" : "SECONDARY_URL";
                    problems.add(key + " is required when PROVIDER=local: the local platform of "
                            + spec.machineId() + " listens on its port, e.g. http://127.0.0.1:8001");
                }
            }
        }
        Path dataDir = path(ConfigKey.DATA_DIR);
        return new ProviderSettings(
                kind,
                seconds(ConfigKey.START_TIMEOUT_SECONDS),
                seconds(ConfigKey.STOP_TIMEOUT_SECONDS),
                integer(ConfigKey.PLATFORM_PORT),
                optional(ConfigKey.LOCAL_PLATFORM_COMMAND).map(command -> Arrays.asList(command.split("\\s+"))),
                optional(ConfigKey.LOCAL_DATA_DIR).map(Path::of).orElse(dataDir.resolve("platform")),
                optional(ConfigKey.SCALER_MACHINE_ID),
                Arrays.asList(text(ConfigKey.PLATFORM_RESTART_COMMAND).strip().split("\\s+")),
                seconds(ConfigKey.PLATFORM_RESTART_TIMEOUT_SECONDS));
    }

    /** REGION_PREFERENCE, START_OFF_TIMEOUT_SECONDS and REGION_WEIGHTS; a malformed list is a problem naming its key. */
    private RegionSettings regions() {
        return new RegionSettings(
                parsed(ConfigKey.REGION_PREFERENCE, RegionPreference::parse, RegionPreference.NONE),
                seconds(ConfigKey.START_OFF_TIMEOUT_SECONDS),
                parsed(ConfigKey.REGION_WEIGHTS, RegionWeights::parse, RegionWeights.NONE));
    }

    /** A list key read by its own parser; what the parser refuses becomes a problem naming the key, and {@code fallback} stands in. */
    private <T> T parsed(ConfigKey key, Function<String, T> parser, T fallback) {
        String value = text(key);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(key.name() + "=" + value + " is not allowed: " + e.getMessage());
            return fallback;
        }
    }

    private URI apiUrl() {
        String text = text(ConfigKey.PAPERSPACE_API_URL);
        return ConfigUrls.apiUrl(text).orElseGet(() -> {
            problems.add("PAPERSPACE_API_URL=" + text + " is not allowed: use an http(s) URL like https://api.paperspace.com/v1");
            return URI.create(ConfigKey.PAPERSPACE_API_URL.defaultValue());
        });
    }

    private URI platformUrl(ConfigKey key, String text) {
        return ConfigUrls.platformUrl(key, text, integer(ConfigKey.PLATFORM_PORT));
    }

    private Backend hostPort(ConfigKey key) {
        String text = text(key);
        try {
            return Backend.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(key.name() + "=" + text + " is not allowed: use " + key.allowed());
            return Backend.parse(key.defaultValue());
        }
    }

    private void failIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
    }

    private Optional<String> optional(ConfigKey key) {
        return Optional.ofNullable(values.get(key));
    }

    private String text(ConfigKey key) {
        return values.getOrDefault(key, key.defaultValue());
    }

    private String word(ConfigKey key) {
        return text(key).toUpperCase(Locale.ROOT);
    }

    private int integer(ConfigKey key) {
        return Integer.parseInt(text(key));
    }

    private double decimal(ConfigKey key) {
        return Double.parseDouble(text(key));
    }

    private Duration seconds(ConfigKey key) {
        return Duration.ofMillis(new BigDecimal(text(key)).movePointRight(3).longValue());
    }

    private Path path(ConfigKey key) {
        return Path.of(text(key));
    }

    private Optional<Secret> secret(ConfigKey key) {
        return optional(key).map(Secret::new);
    }

    private List<String> list(ConfigKey key) {
        return optional(key).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
