package io.mcscale.bench;

import io.mcscale.core.plan.Demand;
import io.mcscale.core.plan.DemandParser;
import io.mcscale.core.plan.GroupShape;
import io.mcscale.core.plan.PlanOutcome;
import io.mcscale.core.plan.PlanPolicy;
import io.mcscale.core.plan.Planner;
import io.mcscale.core.plan.Recommender;
import io.mcscale.core.policy.PolicySettings;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 14's targets: a week of 200,000 simulations through one policy in under 1 s of CPU, and
 * {@code --recommend} on that week in under 60 s on 2 cores. The simulation of one policy runs on
 * the calling thread, so that thread's CPU time is its whole cost, whatever else the machine runs.
 * The recommendation is timed on the wall clock and by the process's CPU time.
 *
 * <p>Run: {@code java -cp testkit/target/classes io.mcscale.testkit.OfficeWeek week200k.csv 245}, then
 * {@code java -cp bench/target/benchmarks.jar io.mcscale.bench.PlanCpuTime week200k.csv [runs] [max instances]}.
 */
public final class PlanCpuTime {
    private PlanCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int maxInstances = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        long parseStart = threads.getCurrentThreadCpuTime();
        Demand demand;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            demand = DemandParser.parse(reader, file.toString());
        }
        double parseMs = (threads.getCurrentThreadCpuTime() - parseStart) / 1e6;
        System.out.printf(Locale.ROOT, "%s: %,d simulations, %,d users; parse %.0f ms CPU%n", file, demand.size(),
                demand.userIds().size(), parseMs);

        PolicySettings settings = PolicySettings.GUIDE_DEFAULTS.withMaxInstances(maxInstances);
        GroupShape shape = new GroupShape(8, 120, 30, 300, 0.51, 3);
        Planner planner = new Planner(demand, shape, settings);
        for (String policy : new String[] {"guide", "predictive", "always-on:" + maxInstances}) {
            PlanPolicy chosen = PlanPolicy.parseList(policy).get(0);
            double[] cpuMs = new double[runs];
            PlanOutcome outcome = null;
            for (int i = 0; i < runs; i++) {
                long started = threads.getCurrentThreadCpuTime();
                outcome = planner.run(chosen, null);
                cpuMs[i] = (threads.getCurrentThreadCpuTime() - started) / 1e6;
            }
            double first = cpuMs[0];
            Arrays.sort(cpuMs);
            System.out.printf(Locale.ROOT, "%-14s first %6.0f ms CPU, median %6.0f, best %6.0f (of %d runs)  %s%n", policy,
                    first, cpuMs[runs / 2], cpuMs[0], runs, outcome.toJson());
        }

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        Recommender.Recommendation found = new Recommender(planner).recommend(Double.NaN, 1, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "recommend: %.1f s wall, %.1f s process CPU, %d configurations, %d threads  %s%n",
                (System.nanoTime() - wallStart) / 1e9, (os.getProcessCpuTime() - cpuStart) / 1e9, found.configurationsTried(),
                Runtime.getRuntime().availableProcessors(), found.outcome().toJson());
    }
}
