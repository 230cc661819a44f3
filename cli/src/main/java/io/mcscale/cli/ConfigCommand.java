package io.mcscale.cli;

import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.TierRule;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.scaler.config.ProviderSettings;
import io.mcscale.scaler.provider.ScalerMachine;
import io.mcscale.scaler.config.BalancerSettings;
import io.mcscale.scaler.config.RegionSettings;
import io.mcscale.scaler.config.ConfigCheck;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcscale config check --config FILE}: the daemon's own validation, as a report. */
@Command(name = "config", description = "Check an .env.autoscaler file.", subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "config: give a subcommand: check");
    }

    @Command(name = "check", description = {
        "Validate an .env.autoscaler exactly as the autoscaler does at start (environment variables override the file, as they do for it).",
        "Exit 0 with a summary when it is valid; exit 1 listing every problem, each with its key, value (secrets: 4 characters) and fix.",
        "Warnings (the prototype's SCALE_UP_DELAY/SCALE_DOWN_DELAY, the guide's example machine ids) do not fail the check."})
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "the .env.autoscaler file to check")
        Path config;

        @Override
        public Integer call() {
            ConfigCheck check = AutoscalerConfig.check(Optional.of(config), System.getenv());
            PrintWriter out = spec.commandLine().getOut();
            if (check.valid()) {
                out.println(config + ": valid");
                summary(check.config().orElseThrow(), out);
            } else {
                out.println(config + ": " + check.problems().size() + (check.problems().size() == 1 ? " problem" : " problems"));
                check.problems().forEach(problem -> out.println("  - " + problem));
            }
            check.warnings().forEach(warning -> out.println("warning: " + warning));
            check.config().flatMap(Check::unknownScalerMachine).ifPresent(warning -> out.println("warning: " + warning));
            out.flush();
            return check.valid() ? 0 : 1;
        }

        /**
         * With Paperspace the scaler must know the machine it runs on, or failover could power off its own host: in
         * the guide's layout that is the primary. Not a problem on a controller machine, so only a warning.
         */
        static Optional<String> unknownScalerMachine(AutoscalerConfig c) {
            if (c.provider().kind() != ProviderSettings.Kind.PAPERSPACE || ScalerMachine.of(c).isPresent()) {
                return Optional.empty();
            }
            return Optional.of("the scaler cannot tell which machine it runs on: on the primary (the guide's layout) set"
                    + " PRIMARY_URL=http://127.0.0.1:PORT or SCALER_MACHINE_ID=" + c.group().primary().machineId()
                    + ", so that failover never stops this machine; on a separate controller machine, ignore this");
        }

        private static void summary(AutoscalerConfig c, PrintWriter out) {
            PolicySettings p = c.policy();
            out.println("  provider    " + c.provider().kind().name().toLowerCase()
                    + c.paperspace().apiKey().map(key -> " (PAPERSPACE_API_KEY " + key + ", " + c.paperspace().apiUrl() + ")").orElse("")
                    + c.kubernetes().workload().map(workload -> " (" + workload + " in namespace "
                            + c.kubernetes().namespace().orElse("of the service account or kubeconfig") + ", API "
                            + c.kubernetes().apiUrl().map(Object::toString).orElse("found as kubectl does") + ")").orElse(""));
            out.println("  machines    primary " + c.group().primary().machineId() + ", secondaries "
                    + c.group().secondaries().stream().map(s -> s.machineId()).collect(Collectors.joining(", "))
                    + " (" + (c.group().minInstances() > 1 ? "at least " + c.group().minInstances() + ", " : "")
                    + "at most " + c.group().maxInstances() + " instances)");
            out.println("  scale up    " + p.votesToScaleUp() + " of: users >= " + p.scaleUpUsersPerInstance() + " per instance, cpu > "
                    + number(p.cpuUpPercent()) + "%, gpu > " + number(p.gpuUpPercent()) + "%, queue > " + p.queueUpLength()
                    + ", response > " + number(p.responseUpSeconds()) + " s");
            out.println("  scale down  all of: users <= " + p.scaleDownUsersPerInstance() + " per remaining instance, cpu < "
                    + number(p.cpuDownPercent()) + "%, gpu < " + number(p.gpuDownPercent()) + "%, queue 0, response < "
                    + number(p.responseDownSeconds()) + " s, for " + seconds(p.scaleDownDelay()));
            p.tierRules().rules().forEach(rule -> out.println(tierSummary(rule)));
            out.println("  timing      poll every " + seconds(c.control().pollInterval()) + ", cooldown " + seconds(p.cooldown())
                    + (c.control().dryRun() ? ", DRY_RUN (no provider or balancer calls)" : ""));
            RegionSettings r = c.regions();
            if (!r.preference().regions().isEmpty() || !r.weights().byRegion().isEmpty()) {
                out.println("  regions     start in " + (r.preference().regions().isEmpty() ? "the configured order"
                        : String.join(" > ", r.preference().regions())) + ", next region after " + seconds(r.startOffTimeout())
                        + " still off" + (r.weights().byRegion().isEmpty() ? "" : ", nginx weights " + r.weights().byRegion().entrySet()
                                .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
            }
            BalancerSettings b = c.balancer();
            out.println("  balancer    " + (b.kind() == BalancerSettings.Kind.NONE ? "none"
                    : "nginx " + b.nginxMode().name().toLowerCase() + (b.nginxMode() == BalancerSettings.NginxMode.SYSTEM
                            ? " (" + b.upstreamFile() + ")" : " (port " + b.listenPort() + ")")));
            out.println("  admin API   " + c.control().adminListenHost() + ":" + c.control().adminListenPort()
                    + ", data in " + c.control().dataDir());
        }

        /** One tier's vote group, e.g. {@code tier pro    2 of: users >= 2 per instance, queue > 3; down needs ...}. */
        private static String tierSummary(TierRule rule) {
            List<String> up = new ArrayList<>();
            List<String> down = new ArrayList<>();
            rule.usersUpPerInstance().ifPresent(n -> {
                up.add("users >= " + n + " per instance");
                down.add(rule.usersDownPerInstance().isPresent()
                        ? "users <= " + rule.usersDownPerInstance().getAsInt() + " per remaining instance"
                        : "users < " + n + " per remaining instance");
            });
            rule.queueUp().ifPresent(n -> {
                up.add("queue > " + n);
                down.add("queue <= " + rule.queueDown().orElse(n));
            });
            rule.waitUpSeconds().ifPresent(limit -> {
                up.add("wait > " + number(limit) + " s");
                down.add(rule.waitDownSeconds().isPresent()
                        ? "wait < " + number(rule.waitDownSeconds().getAsDouble()) + " s" : "wait <= " + number(limit) + " s");
            });
            return String.format(Locale.ROOT, "  tier %-6s %d of: %s; scale down also needs %s", rule.tier().wire(),
                    rule.votesToScaleUp(), String.join(", ", up), String.join(", ", down));
        }

        private static String seconds(Duration duration) {
            return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
        }

        private static String number(double value) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }
}
