package io.mcscale.core.plan;

import io.mcscale.core.policy.PolicySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code --recommend}: the cheapest guide-policy configuration found whose slow fraction is no
 * worse than the target (by default, the configured policy's own on the same demand).
 *
 * <p>The search: a few random configurations drawn with the seed, then coordinate descent from the
 * best of them and the configured one. Each round tries every listed value of one key with the
 * others fixed and keeps the best; rounds repeat until one changes nothing (at most four).
 * "Best" is the cheapest that meets the target; while none does, the one with the fewest slow
 * simulations. Ties go to the configuration found first, so the search is deterministic for a
 * seed even though candidates run in parallel. {@code RESPONSE_UP_SECONDS} is not searched: it
 * defines what "slow" means.
 */
public final class Recommender {
    private static final int RANDOM_CANDIDATES = 12;
    private static final int MAX_ROUNDS = 4;

    /** The searched keys and their values, in the order the search visits them. */
    enum Knob {
        SCALE_UP_THRESHOLD(2, 3, 4, 5, 6, 8, 10, 12),
        SCALE_DOWN_THRESHOLD(0, 1, 2, 3, 4, 6, 8),
        CPU_UP_THRESHOLD(40, 50, 60, 70, 80, 90),
        CPU_DOWN_THRESHOLD(10, 20, 30, 40, 50),
        QUEUE_UP_THRESHOLD(0, 1, 2, 3, 5, 8, 12),
        VOTES_TO_SCALE_UP(1, 2, 3, 4, 5),
        // Not under 2 minutes: a real start takes 30 s to minutes and a stop about one, which the simulation does
        // not charge, so a shorter cooldown would look cheap here and flap on Paperspace.
        COOLDOWN_SECONDS(120, 180, 300, 600),
        SCALE_DOWN_DELAY_SECONDS(60, 120, 300, 600, 900, 1800);

        final double[] values;

        Knob(double... values) {
            this.values = values;
        }

        double get(PolicySettings s) {
            return switch (this) {
                case SCALE_UP_THRESHOLD -> s.scaleUpUsersPerInstance();
                case SCALE_DOWN_THRESHOLD -> s.scaleDownUsersPerInstance();
                case CPU_UP_THRESHOLD -> s.cpuUpPercent();
                case CPU_DOWN_THRESHOLD -> s.cpuDownPercent();
                case QUEUE_UP_THRESHOLD -> s.queueUpLength();
                case VOTES_TO_SCALE_UP -> s.votesToScaleUp();
                case COOLDOWN_SECONDS -> s.cooldown().toSeconds();
                case SCALE_DOWN_DELAY_SECONDS -> s.scaleDownDelay().toSeconds();
            };
        }

        /** The settings with this key at {@code value}; null when that breaks a rule (a down threshold not below its up). */
        PolicySettings with(PolicySettings s, double value) {
            int whole = (int) value;
            try {
                return new PolicySettings(
                        this == SCALE_UP_THRESHOLD ? whole : s.scaleUpUsersPerInstance(),
                        this == SCALE_DOWN_THRESHOLD ? whole : s.scaleDownUsersPerInstance(),
                        this == CPU_UP_THRESHOLD ? value : s.cpuUpPercent(),
                        this == CPU_DOWN_THRESHOLD ? value : s.cpuDownPercent(),
                        s.gpuUpPercent(), s.gpuDownPercent(),
                        this == QUEUE_UP_THRESHOLD ? whole : s.queueUpLength(),
                        s.responseUpSeconds(), s.responseDownSeconds(),
                        this == VOTES_TO_SCALE_UP ? whole : s.votesToScaleUp(),
                        this == COOLDOWN_SECONDS ? Duration.ofSeconds(whole) : s.cooldown(),
                        this == SCALE_DOWN_DELAY_SECONDS ? Duration.ofSeconds(whole) : s.scaleDownDelay(),
                        s.maxInstances(),
                        s.tierRules());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** The recommendation: its settings, its outcome (named {@code recommended}, with the changed keys), how many configurations were tried. */
    public record Recommendation(PolicySettings settings, PlanOutcome outcome, double slowTarget, int configurationsTried) {
    }

    private final Planner planner;
    private final Map<PolicySettings, PlanOutcome> tried = new HashMap<>();

    public Recommender(Planner planner) {
        this.planner = planner;
    }

    /**
     * @param slowTarget the largest acceptable slow fraction; NaN = the configured policy's own
     * @param threads    how many simulations run at once
     */
    public Recommendation recommend(double slowTarget, long seed, int threads) {
        PolicySettings base = planner.settings();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "plan-recommend");
            thread.setDaemon(true);
            return thread;
        });
        try {
            PlanOutcome baseOutcome = evaluate(pool, List.of(base)).get(0);
            double target = Double.isNaN(slowTarget) ? baseOutcome.slowFraction() : slowTarget;
            PolicySettings best = pickBest(pool, target, base, randomCandidates(base, seed));
            for (int round = 0; round < MAX_ROUNDS; round++) {
                PolicySettings before = best;
                for (Knob knob : Knob.values()) {
                    List<PolicySettings> candidates = new ArrayList<>();
                    for (double value : knob.values) {
                        PolicySettings candidate = knob.with(best, value);
                        if (candidate != null) {
                            candidates.add(candidate);
                        }
                    }
                    best = pickBest(pool, target, best, candidates);
                }
                if (best.equals(before)) {
                    break;
                }
            }
            PlanOutcome outcome = tried.get(best).named("recommended", changedKeys(base, best));
            return new Recommendation(best, outcome, target, tried.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private PolicySettings pickBest(ExecutorService pool, double target, PolicySettings incumbent, List<PolicySettings> candidates) {
        List<PolicySettings> all = new ArrayList<>();
        all.add(incumbent);
        all.addAll(candidates);
        List<PlanOutcome> outcomes = evaluate(pool, all);
        int best = 0;
        for (int i = 1; i < all.size(); i++) {
            if (better(outcomes.get(i), outcomes.get(best), target)) {
                best = i;
            }
        }
        return all.get(best);
    }

    private static boolean better(PlanOutcome a, PlanOutcome b, double target) {
        boolean aMeets = a.slowFraction() <= target;
        boolean bMeets = b.slowFraction() <= target;
        if (aMeets != bMeets) {
            return aMeets;
        }
        if (!aMeets) {
            return a.slowSimulations() < b.slowSimulations();
        }
        return a.costUsd() < b.costUsd() || (a.costUsd() == b.costUsd() && a.slowSimulations() < b.slowSimulations());
    }

    /** Outcomes in the order of {@code settings}; each configuration is simulated once per search. */
    private List<PlanOutcome> evaluate(ExecutorService pool, List<PolicySettings> settings) {
        Map<PolicySettings, Future<PlanOutcome>> running = new LinkedHashMap<>();
        for (PolicySettings s : settings) {
            if (!tried.containsKey(s) && !running.containsKey(s)) {
                running.put(s, pool.submit(() -> planner.runGuide("candidate", s, null)));
            }
        }
        try {
            for (var entry : running.entrySet()) {
                tried.put(entry.getKey(), entry.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the recommendation search was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a candidate simulation failed: " + e.getCause(), e.getCause());
        }
        return settings.stream().map(tried::get).toList();
    }

    private static List<PolicySettings> randomCandidates(PolicySettings base, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PolicySettings> candidates = new ArrayList<>();
        for (int i = 0; i < RANDOM_CANDIDATES; i++) {
            PolicySettings candidate = base;
            for (Knob knob : Knob.values()) {
                PolicySettings next = knob.with(candidate, knob.values[random.nextInt(knob.values.length)]);
                candidate = next == null ? candidate : next;
            }
            candidates.add(candidate);
        }
        return candidates;
    }

    /** The {@code .env} keys whose values differ from the configured ones, as they would be written. */
    static Map<String, String> changedKeys(PolicySettings base, PolicySettings chosen) {
        Map<String, String> changed = new LinkedHashMap<>();
        for (Knob knob : Knob.values()) {
            if (knob.get(base) != knob.get(chosen)) {
                changed.put(knob.name(), DemandParser.number(knob.get(chosen)));
            }
        }
        return changed;
    }
}
