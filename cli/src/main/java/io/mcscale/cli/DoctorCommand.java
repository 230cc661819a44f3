package io.mcscale.cli;

import io.mcscale.core.cost.BudgetGuard;
import io.mcscale.core.cost.CostEstimate;
import io.mcscale.core.cost.MonthCost;
import io.mcscale.core.model.Backend;
import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.InstanceSpec;
import io.mcscale.core.model.MetricSample;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision;
import io.mcscale.core.policy.PolicyResult;
import io.mcscale.core.policy.PolicyState;
import io.mcscale.core.policy.ScalingPolicy;
import io.mcscale.scaler.collect.MetricsRead;
import io.mcscale.scaler.collect.PlatformClient;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.config.BalancerSettings;
import io.mcscale.scaler.config.CostSettings;
import io.mcscale.scaler.config.ProviderSettings;
import io.mcscale.scaler.config.Secret;
import io.mcscale.scaler.control.MonthCostReader;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.MachineProviders;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.scaler.provider.kubernetes.KubernetesProvider;
import io.mcscale.scaler.store.EventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code mcscale doctor --config FILE}: the guide's {@code test_autoscaler.py}, for real. One line
 * per check, {@code pass}, {@code warn} or {@code fail}, with what to do. Exit 0 only if nothing failed.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check configuration, provider, metrics, policy, nginx, event store and cost; exit 1 if a check fails.")
final class DoctorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The .env.autoscaler file to check.")
    Path config;

    enum Status { PASS, WARN, FAIL }

    record Check(Status status, String name, String detail) {
        String line() {
            return String.format(Locale.ROOT, "%-4s %-22s %s", status.name().toLowerCase(Locale.ROOT), name, detail);
        }
    }

    private final List<Check> checks = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("--config: " + config + " is not a file; give the .env.autoscaler path "
                    + "(install.sh creates /etc/monte-carlo-autoscaler/.env.autoscaler)");
        }
        envFilePermissions();
        AutoscalerConfig settings;
        try {
            settings = AutoscalerConfig.load(config, System.getenv());
            add(Status.PASS, "config", config + " loads: primary " + settings.group().primary().machineId()
                    + ", " + settings.group().secondaries().size() + " secondary machine(s)");
        } catch (IllegalArgumentException e) {
            add(Status.FAIL, "config", e.getMessage() + " — fix the key(s) named, then run doctor again");
            return report(out);
        }
        Map<String, MachineInfo> described = provider(settings);
        metrics(settings, described);
        scalingLogic(settings);
        nginx(settings.balancer());
        eventStore(settings.control().dataDir());
        cost(settings, described);
        return report(out);
    }

    private int report(PrintWriter out) {
        checks.forEach(c -> out.println(c.line()));
        long failed = checks.stream().filter(c -> c.status() == Status.FAIL).count();
        long warned = checks.stream().filter(c -> c.status() == Status.WARN).count();
        out.printf(Locale.ROOT, "%d checks: %d failed, %d warnings%n", checks.size(), failed, warned);
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private void add(Status status, String name, String detail) {
        checks.add(new Check(status, name, detail));
    }

    private void envFilePermissions() {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(config);
            boolean othersRead = perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ);
            if (othersRead) {
                add(Status.WARN, "env file permissions", config + " is readable by group/others and holds secrets: chmod 600 " + config);
            } else {
                add(Status.PASS, "env file permissions", config + " is readable by its owner only");
            }
        } catch (IOException | UnsupportedOperationException e) {
            add(Status.WARN, "env file permissions", "cannot read the mode of " + config + ": " + e.getMessage());
        }
    }

    /** Reads every machine through the provider; returns what it reports, by id, for the metrics and cost checks. */
    private Map<String, MachineInfo> provider(AutoscalerConfig settings) {
        Map<String, MachineInfo> described = new HashMap<>();
        String name = switch (settings.provider().kind()) {
            case PAPERSPACE -> "paperspace api";
            case LOCAL -> "local provider";
            case KUBERNETES -> "kubernetes";
        };
        String key = settings.paperspace().apiKey().map(Secret::redacted).orElse("none");
        MachineProvider provider;
        try {
            provider = MachineProviders.create(settings, InstallDir.find());
        } catch (RuntimeException e) {
            add(Status.FAIL, name, "cannot create the provider: " + e.getMessage());
            return described;
        }
        if (provider instanceof KubernetesProvider cluster) {
            // One look at the workload first: a cluster that cannot be reached is one line, not one per machine.
            try {
                add(Status.PASS, name, cluster.summary());
            } catch (ProviderException e) {
                add(Status.FAIL, name, e.getMessage());
                return described;
            }
        }
        for (InstanceSpec machine : machines(settings)) {
            String role = machine == settings.group().primary() ? "primary" : "secondary";
            try {
                MachineInfo info = provider.describe(machine.machineId());
                described.put(machine.machineId(), info);
                add(Status.PASS, name, String.format(Locale.ROOT, "%s %s (%s): state %s, %s%s",
                        role, info.id(), info.name(), info.state().word(), rates(info, settings.cost()),
                        settings.provider().kind() == ProviderSettings.Kind.PAPERSPACE ? ", key " + key : ""));
            } catch (ProviderException | RuntimeException e) {
                add(Status.FAIL, name, role + " " + machine.machineId() + ": " + e.getMessage()
                        + (settings.provider().kind() == ProviderSettings.Kind.PAPERSPACE
                                ? " — check PAPERSPACE_API_KEY (" + key + ") and the machine id in the console" : ""));
            }
        }
        return described;
    }

    /**
     * The rate and storage the daemon bills this machine at (the figures /api/status adds up), and where the
     * provider's own figures differ, those too, so a wrong INSTANCE_HOURLY_RATE_USD or STORAGE_MONTHLY_USD shows.
     */
    private static String rates(MachineInfo info, CostSettings cost) {
        double provided = info.usageRateUsdPerHour();
        String rate = "rate " + Money.usd(cost.hourlyRateUsd(provided)) + "/h" + (provided <= 0
                ? " (INSTANCE_HOURLY_RATE_USD: the provider reports no rate)"
                : provided != cost.instanceHourlyRateUsd() ? " (the provider's; INSTANCE_HOURLY_RATE_USD is "
                        + Money.usd(cost.instanceHourlyRateUsd()) + ")" : "");
        double storage = info.storageRateUsdPerMonth();
        return rate + ", storage " + Money.usd(cost.storageMonthlyUsd()) + "/month"
                + (storage > 0 && storage != cost.storageMonthlyUsd()
                        ? " (the provider reports " + Money.usd(storage) + ": set STORAGE_MONTHLY_USD to it)" : "");
    }

    private static List<InstanceSpec> machines(AutoscalerConfig settings) {
        List<InstanceSpec> all = new ArrayList<>();
        all.add(settings.group().primary());
        all.addAll(settings.group().secondaries());
        return all;
    }

    private void metrics(AutoscalerConfig settings, Map<String, MachineInfo> described) {
        if (settings.provider().kind() == ProviderSettings.Kind.KUBERNETES && described.isEmpty()) {
            add(Status.WARN, "metrics", "not read: the pods' addresses come from the cluster, which could not be read (above)");
            return;
        }
        var client = new PlatformClient(settings.control().metricsTimeout(),
                settings.control().platformAdminToken().map(Secret::reveal).orElse(""));
        for (InstanceSpec machine : machines(settings)) {
            boolean primary = machine == settings.group().primary();
            String role = primary ? "primary" : "secondary";
            Optional<Backend> backend = machine.backend().or(() -> Optional.ofNullable(described.get(machine.machineId()))
                    .flatMap(MachineInfo::platformAddress).map(Backend::parse));
            if (backend.isEmpty() && settings.provider().kind() == ProviderSettings.Kind.KUBERNETES) {
                add(primary ? Status.FAIL : Status.PASS, "metrics " + role, machine.machineId() + ": no pod, so nothing to read"
                        + (primary ? "; the primary always has one: check the workload's replicas and kubectl describe pod" : " (off)"));
                continue;
            }
            if (backend.isEmpty()) {
                add(primary ? Status.FAIL : Status.WARN, "metrics " + role, machine.machineId()
                        + ": no address: set " + (primary ? "PRIMARY_URL" : "SECONDARY_URL") + " (the provider reports none)");
                continue;
            }
            MetricsRead read = client.metrics(backend.get());
            if (read instanceof MetricsRead.Ok ok) {
                MetricSample s = ok.sample();
                add(Status.PASS, "metrics " + role, String.format(Locale.ROOT,
                        "http://%s/api/metrics: active_users=%d cpu_usage=%.1f memory_usage=%.1f gpu_usage=%s "
                                + "simulation_queue_length=%d avg_response_time=%.0f ms",
                        backend.get(), s.activeUsers(), s.cpuUsage(), s.memoryUsage(),
                        gpu(s),
                        s.simulationQueueLength(), s.avgResponseTimeMs()));
            } else {
                String reason = ((MetricsRead.Failed) read).reason();
                add(primary ? Status.FAIL : Status.WARN, "metrics " + role, "http://" + backend.get() + "/api/metrics: " + reason
                        + (primary ? " — is the platform running? curl http://" + backend.get() + "/api/health"
                                : " (normal while the secondary is off)"));
            }
        }
    }

    /** "no GPU" when GPU is left out of the votes (gpu_count 0, or a null or missing gpu_usage), never "0.0". */
    private static String gpu(MetricSample s) {
        if (s.gpuUsage().isEmpty()) {
            return "no GPU";
        }
        String use = String.format(Locale.ROOT, "%.1f", s.gpuUsage().getAsDouble());
        if (s.gpuCount().isEmpty()) {
            return use;
        }
        int count = s.gpuCount().getAsInt();
        return use + " (" + count + (count == 1 ? " GPU)" : " GPUs)");
    }

    /** The guide's three scenarios through the configured policy: high scales up, sustained low scales down, medium holds. */
    private void scalingLogic(AutoscalerConfig settings) {
        ScalingPolicy policy = new ScalingPolicy(settings.policy());
        Instant t0 = Instant.parse("2026-01-05T09:00:00Z");
        MetricSample high = MetricSample.of(8, 85, 60, OptionalDouble.of(90), 7, 4000);
        MetricSample low = MetricSample.of(1, 10, 30, OptionalDouble.of(5), 0, 200);
        MetricSample medium = MetricSample.of(3, 50, 50, OptionalDouble.of(50), 1, 1500);

        PolicyResult up = policy.evaluate(PolicyState.INITIAL, 1, reading(high), t0);
        PolicyResult lowStart = policy.evaluate(PolicyState.INITIAL, 2, reading(low, low), t0);
        PolicyResult down = policy.evaluate(lowStart.next(), 2, reading(low, low), t0.plus(settings.policy().scaleDownDelay()));
        PolicyResult hold = policy.evaluate(PolicyState.INITIAL, 2, reading(medium, medium), t0);

        scenario("high load", up, ScaleDecision.Direction.UP, "8 users, cpu 85, gpu 90, queue 7, 4 s on 1 instance");
        scenario("low load", down, ScaleDecision.Direction.DOWN,
                "2 users, cpu 10, gpu 5, no queue, 0.2 s on 2 instances for " + settings.policy().scaleDownDelay().toSeconds() + " s");
        scenario("medium load", hold, ScaleDecision.Direction.NONE, "6 users, cpu 50, gpu 50, queue 2, 1.5 s on 2 instances");
    }

    private static MetricsReading reading(MetricSample... perInstance) {
        return MetricsReading.complete(GroupMetrics.aggregate(List.of(perInstance)));
    }

    private void scenario(String name, PolicyResult result, ScaleDecision.Direction expected, String load) {
        ScaleDecision decision = result.decision();
        String detail = load + " -> " + decision.direction().name().toLowerCase(Locale.ROOT)
                + " [" + String.join(", ", decision.reasons()) + "]";
        if (decision.direction() == expected) {
            add(Status.PASS, "policy " + name, detail);
        } else {
            add(Status.WARN, "policy " + name, detail + " — the guide expects " + expected.name().toLowerCase(Locale.ROOT)
                    + "; check the *_THRESHOLD keys if that is not what you meant");
        }
    }

    private void nginx(BalancerSettings balancer) {
        if (balancer.kind() == BalancerSettings.Kind.NONE) {
            add(Status.PASS, "nginx", "LOAD_BALANCER=none: you route traffic yourself");
            return;
        }
        if (balancer.nginxMode() == BalancerSettings.NginxMode.MANAGED) {
            add(Status.PASS, "nginx", "NGINX_MODE=managed: the daemon writes and checks its own configuration");
            return;
        }
        if (!Files.exists(balancer.upstreamFile())) {
            add(Status.FAIL, "nginx", balancer.upstreamFile() + " does not exist: run deploy/install.sh (or set NGINX_UPSTREAM_FILE)");
            return;
        }
        List<String> command = List.of(balancer.testCommand().trim().split("\\s+"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                add(Status.FAIL, "nginx", balancer.testCommand() + " did not finish within 30 s");
            } else if (process.exitValue() == 0) {
                add(Status.PASS, "nginx", balancer.testCommand() + ": configuration valid; upstream " + balancer.upstreamFile());
            } else {
                add(Status.FAIL, "nginx", balancer.testCommand() + " failed: " + lastLine(output)
                        + " — fix it, then: sudo nginx -t && sudo systemctl reload nginx");
            }
        } catch (IOException e) {
            add(Status.FAIL, "nginx", "cannot run " + balancer.testCommand() + ": " + e.getMessage() + " — install nginx or set NGINX_TEST_COMMAND");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            add(Status.FAIL, "nginx", "interrupted");
        }
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    private void eventStore(Path dataDir) {
        Path db = dataDir.resolve("events.db");
        try (EventStore store = EventStore.open(db)) {
            store.checkWritable();
            add(Status.PASS, "event store", db + " is writable");
        } catch (RuntimeException e) {
            add(Status.FAIL, "event store", db + ": " + e.getMessage() + " — create DATA_DIR and make it writable by the service user");
        }
    }

    /**
     * The group's cost now and this month, worked out as the daemon's {@code CostPublisher} does (same rate rule,
     * same event store, same {@link MonthCostReader}), so doctor and {@code /api/status} agree; then the guide's
     * usage over the nominal month ({@link CostEstimate#HOURS_PER_MONTH}, as {@code plan} and {@code cost estimate}).
     */
    private void cost(AutoscalerConfig settings, Map<String, MachineInfo> described) {
        CostSettings cost = settings.cost();
        if (cost.instanceHourlyRateUsd() <= 0) {
            add(Status.WARN, "cost analysis", "INSTANCE_HOURLY_RATE_USD is 0: cost figures will be 0");
            return;
        }
        String budget = cost.monthlyBudgetUsd().isPresent()
                ? Money.usd(cost.monthlyBudgetUsd().getAsDouble())
                : "none (set MONTHLY_BUDGET_USD to cap scale-ups)";
        Optional<MonthCost> month = month(settings, described);
        month.ifPresent(m -> {
            BudgetGuard.Verdict verdict = BudgetGuard.check(cost.monthlyBudgetUsd(), m);
            add(verdict.blocksScaleUp() ? Status.WARN : Status.PASS, "cost now", String.format(Locale.ROOT,
                    "%s/h for the machines running now; %s so far %s, projected %s (as /api/status shows); %s",
                    Money.usd(m.currentRateUsdPerHour()), m.month(), Money.usd(m.costSoFarUsd()),
                    Money.usd(m.projectedMonthUsd()), verdict.reason()));
        });
        var guide = new CostEstimate(cost.instanceHourlyRateUsd(), 500, 200, CostEstimate.HOURS_PER_MONTH,
                CostEstimate.DEFAULT_A100_HOURLY_RATE_USD);
        boolean overBudget = cost.monthlyBudgetUsd().isPresent() && cost.monthlyBudgetUsd().getAsDouble() < guide.monthlyTotalUsd();
        add(overBudget ? Status.WARN : Status.PASS, "cost analysis", String.format(Locale.ROOT,
                "guide's usage (500 h low, 200 h peak) at %s/h: %s/month vs %s always-on dual over %.0f h (%.1f%% saved); budget %s%s",
                Money.usd(cost.instanceHourlyRateUsd()), Money.usd(guide.monthlyTotalUsd()), Money.usd(guide.alwaysOnDualUsd()),
                guide.hoursPerMonth(), guide.savingsVsDualPercent(), budget,
                overBudget ? " — below the guide's usage: peaks will not scale up late in the month" : ""));
    }

    /** This month as the daemon would price it now; empty when a machine could not be read or the store cannot be opened. */
    private Optional<MonthCost> month(AutoscalerConfig settings, Map<String, MachineInfo> described) {
        List<String> ids = machines(settings).stream().map(InstanceSpec::machineId).toList();
        if (!described.keySet().containsAll(ids)) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        try (EventStore store = EventStore.open(settings.control().dataDir().resolve("events.db"))) {
            return Optional.of(MonthCostReader.read(store, MonthCostReader.monthOf(now), now, ids,
                    id -> settings.cost().hourlyRateUsd(described.get(id).usageRateUsdPerHour()),
                    id -> described.get(id).state().isBilledHourly(), settings.cost().storageMonthlyUsd()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
