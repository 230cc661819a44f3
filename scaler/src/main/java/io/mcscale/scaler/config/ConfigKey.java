package io.mcscale.scaler.config;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every key of {@code .env.autoscaler} (Contract 2): its section, default, meaning and allowed
 * values. This table is the one place a key is declared; the loader, the example file,
 * docs/CONFIGURATION.md and docs/ARCHITECTURE.md all follow it. An empty default means "not set".
 */
public enum ConfigKey {
    // The guide's keys.
    PAPERSPACE_API_KEY(Section.GUIDE, "", "Paperspace API key (Account > API Keys); required when PROVIDER=paperspace", Kind.SECRET),
    PRIMARY_MACHINE_ID(Section.GUIDE, "", "id of the always-on primary machine, e.g. ps1234567 (required)", Kind.MACHINE_ID),
    SECONDARY_MACHINE_ID(Section.GUIDE, "", "id of the auto-scaled machine, or a comma-separated list for a pool; max instances = 1 + count (required)", Kind.MACHINE_ID_LIST),
    SCALE_UP_THRESHOLD(Section.GUIDE, "6", "active users per serving instance that vote to scale up: users >= 6*n", Kind.INTEGER, 1, 100_000),
    SCALE_DOWN_THRESHOLD(Section.GUIDE, "4", "active users per remaining instance that allow a scale-down: users <= 4*(n-1)", Kind.INTEGER, 0, 100_000),

    // The rest of the policy (Contract 3).
    CPU_UP_THRESHOLD(Section.POLICY, "70", "mean CPU % above which CPU votes up (strict >)", Kind.DECIMAL, 0, 100),
    CPU_DOWN_THRESHOLD(Section.POLICY, "30", "mean CPU % below which CPU allows a scale-down", Kind.DECIMAL, 0, 100),
    GPU_UP_THRESHOLD(Section.POLICY, "80", "mean GPU % above which GPU votes up; a platform without GPU never votes", Kind.DECIMAL, 0, 100),
    GPU_DOWN_THRESHOLD(Section.POLICY, "40", "mean GPU % below which GPU allows a scale-down", Kind.DECIMAL, 0, 100),
    QUEUE_UP_THRESHOLD(Section.POLICY, "5", "queued simulations (sum) above which the queue votes up; scale-down needs 0", Kind.INTEGER, 0, 1_000_000),
    RESPONSE_UP_SECONDS(Section.POLICY, "3", "mean response time in seconds above which it votes up", Kind.DECIMAL, 0, 3600),
    RESPONSE_DOWN_SECONDS(Section.POLICY, "1", "mean response time in seconds below which it allows a scale-down", Kind.DECIMAL, 0, 3600),
    VOTES_TO_SCALE_UP(Section.POLICY, "2", "how many of the 5 up-conditions must hold to scale up", Kind.INTEGER, 1, 5),
    COOLDOWN_SECONDS(Section.POLICY, "300", "no scaling action within this many seconds of the last one (failover ignores it)", Kind.SECONDS, 0, 86_400),
    SCALE_DOWN_DELAY_SECONDS(Section.POLICY, "600", "low load must hold at every evaluation for this long before a scale-down", Kind.SECONDS, 0, 86_400),
    POLL_INTERVAL_SECONDS(Section.POLICY, "30", "seconds between evaluations (metrics reads)", Kind.SECONDS, 0.05, 3600),
    MIN_INSTANCES(Section.POLICY, "1", "the fewest instances the group keeps on: the primary and the first MIN_INSTANCES-1 secondaries are always on and never scaled down (e.g. 3 for the guide's 3-10 groups); at most 1 + the number of secondaries; replay and plan do not model it", Kind.INTEGER, 1, 1000),
    PREDICTIVE_SCALING(Section.POLICY, "false", "true = forecast pre-warm: learn the daily and weekly shape of active users from the event store and start a machine PREDICTIVE_LEAD_SECONDS ahead of a forecast crossing; hold back a scale-down the forecast says would be undone (see what it does on your demand with mcscale plan --policy predictive)", Kind.BOOLEAN),
    PREDICTIVE_LEAD_SECONDS(Section.POLICY, "300", "with PREDICTIVE_SCALING: how far ahead of a forecast crossing a machine starts; the machine's boot time (a P4000 takes about 300 s)", Kind.SECONDS, 0, 86_400),

    // Per-tier rules (issue 16): each tier with a rule is a vote group beside the guide's; unset = the tier has none.
    TIER_FREE_RESPONSE_UP_SECONDS(Section.TIERS, "", "free tier: mean wait (submit to start) in seconds above which it votes up, e.g. 1; empty = no wait rule", Kind.DECIMAL, 0, 3600),
    TIER_FREE_RESPONSE_DOWN_SECONDS(Section.TIERS, "", "free tier: mean wait in seconds below which it allows a scale-down; empty = not above its up threshold", Kind.DECIMAL, 0, 3600),
    TIER_FREE_QUEUE_UP(Section.TIERS, "", "free tier: queued simulations (sum) above which it votes up; empty = no queue rule", Kind.INTEGER, 0, 1_000_000),
    TIER_FREE_QUEUE_DOWN(Section.TIERS, "", "free tier: queued simulations at or below which it allows a scale-down; empty = its up threshold", Kind.INTEGER, 0, 1_000_000),
    TIER_FREE_USERS_UP(Section.TIERS, "", "free tier: active users per serving instance that vote up: users >= N*n; empty = no users rule", Kind.INTEGER, 1, 100_000),
    TIER_FREE_USERS_DOWN(Section.TIERS, "", "free tier: active users per remaining instance that allow a scale-down: users <= N*(n-1); empty = below USERS_UP*(n-1)", Kind.INTEGER, 0, 100_000),
    TIER_FREE_VOTES_TO_SCALE_UP(Section.TIERS, "", "free tier: how many of its rules must hold to scale up, whatever the guide's votes; empty = 1", Kind.INTEGER, 1, 3),
    TIER_PRO_RESPONSE_UP_SECONDS(Section.TIERS, "", "pro tier: mean wait (submit to start) in seconds above which it votes up, e.g. 1; empty = no wait rule", Kind.DECIMAL, 0, 3600),
    TIER_PRO_RESPONSE_DOWN_SECONDS(Section.TIERS, "", "pro tier: mean wait in seconds below which it allows a scale-down; empty = not above its up threshold", Kind.DECIMAL, 0, 3600),
    TIER_PRO_QUEUE_UP(Section.TIERS, "", "pro tier: queued simulations (sum) above which it votes up; empty = no queue rule", Kind.INTEGER, 0, 1_000_000),
    TIER_PRO_QUEUE_DOWN(Section.TIERS, "", "pro tier: queued simulations at or below which it allows a scale-down; empty = its up threshold", Kind.INTEGER, 0, 1_000_000),
    TIER_PRO_USERS_UP(Section.TIERS, "", "pro tier: active users per serving instance that vote up: users >= N*n; empty = no users rule", Kind.INTEGER, 1, 100_000),
    TIER_PRO_USERS_DOWN(Section.TIERS, "", "pro tier: active users per remaining instance that allow a scale-down: users <= N*(n-1); empty = below USERS_UP*(n-1)", Kind.INTEGER, 0, 100_000),
    TIER_PRO_VOTES_TO_SCALE_UP(Section.TIERS, "", "pro tier: how many of its rules must hold to scale up, whatever the guide's votes; empty = 1", Kind.INTEGER, 1, 3),
    TIER_ENTERPRISE_RESPONSE_UP_SECONDS(Section.TIERS, "", "enterprise tier: mean wait (submit to start) in seconds above which it votes up, e.g. 1; empty = no wait rule", Kind.DECIMAL, 0, 3600),
    TIER_ENTERPRISE_RESPONSE_DOWN_SECONDS(Section.TIERS, "", "enterprise tier: mean wait in seconds below which it allows a scale-down; empty = not above its up threshold", Kind.DECIMAL, 0, 3600),
    TIER_ENTERPRISE_QUEUE_UP(Section.TIERS, "", "enterprise tier: queued simulations (sum) above which it votes up; empty = no queue rule", Kind.INTEGER, 0, 1_000_000),
    TIER_ENTERPRISE_QUEUE_DOWN(Section.TIERS, "", "enterprise tier: queued simulations at or below which it allows a scale-down; empty = its up threshold", Kind.INTEGER, 0, 1_000_000),
    TIER_ENTERPRISE_USERS_UP(Section.TIERS, "", "enterprise tier: active users per serving instance that vote up: users >= N*n; empty = no users rule", Kind.INTEGER, 1, 100_000),
    TIER_ENTERPRISE_USERS_DOWN(Section.TIERS, "", "enterprise tier: active users per remaining instance that allow a scale-down: users <= N*(n-1); empty = below USERS_UP*(n-1)", Kind.INTEGER, 0, 100_000),
    TIER_ENTERPRISE_VOTES_TO_SCALE_UP(Section.TIERS, "", "enterprise tier: how many of its rules must hold to scale up, whatever the guide's votes; empty = 1", Kind.INTEGER, 1, 3),

    // Where each platform listens.
    PRIMARY_URL(Section.ADDRESSES, "", "platform URL on the primary, e.g. http://10.0.0.5:8000; empty = the provider's address + PLATFORM_PORT", Kind.URL),
    SECONDARY_URL(Section.ADDRESSES, "", "platform URL of each secondary, a comma list in the order of SECONDARY_MACHINE_ID", Kind.URL_LIST),
    PLATFORM_PORT(Section.ADDRESSES, "8000", "platform port used with a provider-supplied address, or a URL without a port", Kind.INTEGER, 1, 65_535),
    SCALER_MACHINE_ID(Section.ADDRESSES, "", "id of the machine this scaler runs on, never stopped or restarted through the provider; empty = the primary when PRIMARY_URL's host is loopback or this machine's address (paperspace)", Kind.MACHINE_ID),

    // Provider.
    PROVIDER(Section.PROVIDER, "", "paperspace, local or kubernetes; empty = paperspace when PAPERSPACE_API_KEY is set", Kind.WORD, "paperspace", "local", "kubernetes"),
    PAPERSPACE_API_URL(Section.PROVIDER, "https://api.paperspace.com/v1", "Paperspace v1 API base URL", Kind.URL),
    START_TIMEOUT_SECONDS(Section.PROVIDER, "600", "how long a machine may take to become ready", Kind.SECONDS, 1, 86_400),
    STOP_TIMEOUT_SECONDS(Section.PROVIDER, "600", "how long a machine may take to be off", Kind.SECONDS, 1, 86_400),
    REGION_PREFERENCE(Section.PROVIDER, "", "regions in the order secondaries start in them, a comma list such as ny2,ca1 (ca1 matches Paperspace's West Coast (CA1)); a region out of capacity is skipped for the next; empty = the order of SECONDARY_MACHINE_ID", Kind.TEXT),
    START_OFF_TIMEOUT_SECONDS(Section.PROVIDER, "120", "how long a started machine may still read off (no host found) before the start counts as out of capacity and the next candidate starts", Kind.SECONDS, 1, 86_400),
    LOCAL_PLATFORM_COMMAND(Section.PROVIDER, "", "local provider: command that runs one platform; empty = <install dir>/bin/mcscale platform", Kind.TEXT),
    LOCAL_DATA_DIR(Section.PROVIDER, "", "local provider: data dir shared by the platform processes; empty = DATA_DIR/platform", Kind.PATH),
    KUBERNETES_WORKLOAD(Section.PROVIDER, "", "kubernetes provider: the platform pods' workload, deployment/NAME or statefulset/NAME, e.g. deployment/mcscale-platform (required when PROVIDER=kubernetes)", Kind.TEXT),
    KUBERNETES_NAMESPACE(Section.PROVIDER, "", "kubernetes provider: the workload's namespace; empty = the service account's namespace in a pod, else the kubeconfig context's", Kind.TEXT),
    KUBERNETES_API_URL(Section.PROVIDER, "", "kubernetes provider: API server URL; empty = found as kubectl does (in-cluster service account, else KUBECONFIG or ~/.kube/config)", Kind.URL),

    // Control loop, admin API, state.
    DRAIN_TIMEOUT_SECONDS(Section.CONTROL, "1800", "how long a draining instance may finish its running simulations before it is stopped", Kind.SECONDS, 0, 604_800),
    PLATFORM_RESTART_COMMAND(Section.CONTROL, "systemctl restart monte-carlo-platform", "failover on the scaler's own machine: command that restarts its platform (the provider never stops that machine)", Kind.TEXT),
    PLATFORM_RESTART_TIMEOUT_SECONDS(Section.CONTROL, "120", "how long PLATFORM_RESTART_COMMAND may run before it is killed and counted as failed", Kind.SECONDS, 1, 3600),
    HEALTH_FAILURES_FOR_FAILOVER(Section.CONTROL, "3", "failed primary health checks in a row that trigger failover", Kind.INTEGER, 1, 1000),
    METRICS_TIMEOUT_SECONDS(Section.CONTROL, "5", "deadline of one metrics, health, drain or resume call, body included", Kind.SECONDS, 0.05, 300),
    PLATFORM_ADMIN_TOKEN(Section.CONTROL, "", "Bearer token of the platforms' /api/admin/drain and /resume", Kind.SECRET),
    // 8190, not Prometheus' own 9090: the 9090-9999 range is Prometheus and its exporters' (9100 node, 9187 postgres),
    // which a primary that runs both PostgreSQL and a scrape target may well have installed.
    ADMIN_LISTEN(Section.CONTROL, "127.0.0.1:8190", "host:port of the autoscaler's admin API (status, scale, failover, /metrics)", Kind.HOST_PORT),
    ADMIN_TOKEN(Section.CONTROL, "", "Bearer token of the admin API; empty = generated into DATA_DIR/admin-token (mode 0600)", Kind.SECRET),
    DATA_DIR(Section.CONTROL, "/var/lib/monte-carlo-autoscaler", "the autoscaler's state: event store, admin token, local pids", Kind.PATH),
    EVENT_RETENTION_DAYS(Section.CONTROL, "90", "days of decisions the event store keeps; state changes and actions of this and the previous month are always kept", Kind.INTEGER, 1, 36_500),
    DRY_RUN(Section.CONTROL, "false", "true = log every decision, make no provider or balancer call", Kind.BOOLEAN),

    // Load balancer.
    LOAD_BALANCER(Section.BALANCER, "nginx", "nginx, or none when traffic is routed some other way", Kind.WORD, "nginx", "none"),
    NGINX_MODE(Section.BALANCER, "system", "system = the host's nginx; managed = an nginx the autoscaler runs itself", Kind.WORD, "system", "managed"),
    NGINX_UPSTREAM_FILE(Section.BALANCER, "/etc/nginx/conf.d/monte-carlo-upstream.conf", "the upstream file the autoscaler rewrites", Kind.PATH),
    NGINX_RELOAD_COMMAND(Section.BALANCER, "nginx -s reload", "command that reloads nginx after the upstream file changed", Kind.TEXT),
    NGINX_TEST_COMMAND(Section.BALANCER, "nginx -t", "command that checks the configuration before a reload", Kind.TEXT),
    NGINX_LISTEN_PORT(Section.BALANCER, "8080", "managed mode: the port nginx listens on", Kind.INTEGER, 1, 65_535),
    NGINX_PREFIX_DIR(Section.BALANCER, "", "managed mode: nginx prefix dir; empty = DATA_DIR/nginx", Kind.PATH),
    REGION_WEIGHTS(Section.BALANCER, "", "nginx weight of each region's instances, a comma list of REGION=WEIGHT with WEIGHT 1-100 or backup, e.g. ca1=backup; empty = all weight 1", Kind.TEXT),

    // Cost.
    MONTHLY_BUDGET_USD(Section.COST, "", "monthly budget in USD for the cost report and alerts; empty = no budget", Kind.DECIMAL, 0, 10_000_000),
    INSTANCE_HOURLY_RATE_USD(Section.COST, "0.51", "USD per running hour when the provider reports no rate (e.g. local)", Kind.DECIMAL, 0, 10_000),
    STORAGE_MONTHLY_USD(Section.COST, "5", "USD per month of storage per machine, paid even when it is off", Kind.DECIMAL, 0, 1_000_000);

    /** The sections of the example file, in order. */
    public enum Section {
        GUIDE("From the guide"),
        POLICY("Scaling policy"),
        TIERS("Per-tier scaling rules"),
        ADDRESSES("Platform addresses"),
        PROVIDER("Machine provider"),
        CONTROL("Control loop and admin API"),
        BALANCER("Load balancer"),
        COST("Cost");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    enum Kind { SECRET, MACHINE_ID, MACHINE_ID_LIST, INTEGER, DECIMAL, SECONDS, URL, URL_LIST, WORD, TEXT, PATH, HOST_PORT, BOOLEAN }

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    private final Section section;
    private final String defaultValue;
    private final String description;
    private final Kind kind;
    private final double min;
    private final double max;
    private final Set<String> words;

    ConfigKey(Section section, String defaultValue, String description, Kind kind) {
        this(section, defaultValue, description, kind, 0, 0, Set.of());
    }

    ConfigKey(Section section, String defaultValue, String description, Kind kind, double min, double max) {
        this(section, defaultValue, description, kind, min, max, Set.of());
    }

    ConfigKey(Section section, String defaultValue, String description, Kind kind, String... words) {
        this(section, defaultValue, description, kind, 0, 0, Set.of(words));
    }

    ConfigKey(Section section, String defaultValue, String description, Kind kind, double min, double max, Set<String> words) {
        this.section = section;
        this.defaultValue = defaultValue;
        this.description = description;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.words = words;
    }

    public Section section() {
        return section;
    }

    /** The default as written in the file; empty when the key has none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean isSecret() {
        return kind == Kind.SECRET;
    }

    Kind kind() {
        return kind;
    }

    /** The allowed values in words, for error messages and the example file. */
    public String allowed() {
        return switch (kind) {
            case INTEGER -> "a whole number " + number(min) + "-" + number(max);
            case DECIMAL -> "a number " + number(min) + "-" + number(max);
            case SECONDS -> "seconds " + number(min) + "-" + number(max) + " (decimals allowed)";
            case BOOLEAN -> "true or false";
            case WORD -> String.join(" or ", words.stream().sorted().toList());
            case URL -> "a URL like http://10.0.0.5:8000";
            case URL_LIST -> "comma-separated URLs like http://10.0.0.6:8000";
            case MACHINE_ID -> "a machine id like ps1234567";
            case MACHINE_ID_LIST -> "comma-separated machine ids like ps7654321";
            case HOST_PORT -> "host:port like 127.0.0.1:8190";
            case PATH -> "a file system path";
            case TEXT, SECRET -> "any text";
        };
    }

    /**
     * Checks the form and range of a non-empty value. Returns a problem naming the key, the
     * value (masked for secrets), where it came from and what is allowed, or empty when the value is fine.
     *
     * @param origin e.g. {@code line 7} or {@code environment}
     */
    Optional<String> check(String value, String origin) {
        boolean ok = switch (kind) {
            case INTEGER -> value.matches("-?[0-9]{1,9}") && inRange(Long.parseLong(value));
            case DECIMAL, SECONDS -> PLAIN_NUMBER.matcher(value).matches() && inRange(Double.parseDouble(value));
            case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            case WORD -> words.contains(value.toLowerCase(Locale.ROOT));
            default -> true; // URLs, ids and addresses are checked where they are built
        };
        if (ok) {
            return Optional.empty();
        }
        String shown = isSecret() ? new Secret(value).redacted() : value;
        return Optional.of(name() + "=" + shown + " (" + origin + ") is not allowed: use " + allowed());
    }

    private boolean inRange(double number) {
        return number >= min && number <= max;
    }

    /** The known key nearest to an unknown one, for "did you mean"; empty when none is close. */
    public static Optional<ConfigKey> closestTo(String unknown) {
        String upper = unknown.toUpperCase(Locale.ROOT);
        ConfigKey best = Arrays.stream(values())
                .min(Comparator.comparingInt(key -> editDistance(upper, key.name())))
                .orElseThrow();
        int distance = editDistance(upper, best.name());
        return distance <= Math.max(2, best.name().length() / 3) ? Optional.of(best) : Optional.empty();
    }

    public static Optional<ConfigKey> byName(String name) {
        return Arrays.stream(values()).filter(key -> key.name().equals(name)).findFirst();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
