package io.mcscale.core.policy;

import io.mcscale.core.model.GroupMetrics;
import io.mcscale.core.model.MetricsReading;
import io.mcscale.core.model.ScaleDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guide's scaling policy (Contract 3), as one pure function of its inputs: no I/O, no clock.
 * It is the inner piece of {@link GroupPolicy}, which the daemon, the replay and the planner call.
 *
 * <pre>
 *   metrics ──► up votes ≥ VOTES? ──yes──► below max? ──► cooldown over? ──► UP
 *        │
 *        └────► all down-conditions held at every evaluation since T0,
 *               and now − T0 ≥ SCALE_DOWN_DELAY? ──► above 1? ──► cooldown over? ──► DOWN
 * </pre>
 *
 * A metric the platform does not report (a null GPU) is left out of both votes. A failed read
 * cannot scale down and restarts the low-load clock; the metrics of the instances that did
 * answer may still vote up. Every decision lists its reasons, e.g. {@code active_users>=6},
 * {@code cpu>70}, {@code cooldown 212 s left}, {@code low for 430 of 600 s}.
 *
 * <p>Per-tier rules ({@link TierRules}) are vote groups beside the guide's five conditions: the
 * group scales up when the guide's votes suffice or any tier's do, and the low-load clock runs only
 * while the guide's down-conditions and every tier condition are low. Without tier rules the
 * decisions are the guide's alone.
 */
public final class ScalingPolicy {
    private final PolicySettings settings;

    public ScalingPolicy(PolicySettings settings) {
        this.settings = settings;
    }

    public PolicySettings settings() {
        return settings;
    }

    /**
     * Evaluates one tick.
     *
     * @param state     what the previous evaluation returned ({@link PolicyState#INITIAL} at first)
     * @param instances machines in the group now, serving or on their way (starting); the limits apply to these
     * @param reading   the aggregated metrics of the serving instances, or why they could not be read
     * @param now       the time of this evaluation
     */
    public PolicyResult evaluate(PolicyState state, int instances, MetricsReading reading, Instant now) {
        List<String> reasons = new ArrayList<>();
        if (!reading.isComplete()) {
            reasons.add("metrics read failed: " + String.join("; ", reading.failures()));
        }
        List<String> upVotes = reading.metrics().map(this::upConditionsHolding).orElse(List.of());
        TierRules.Verdict tiers = settings.tierRules().evaluate(reading.metrics());
        Optional<Instant> lowSince = reading.isComplete() && allDownConditionsHold(reading.metrics().orElseThrow()) && tiers.allLow()
                ? Optional.of(state.lowSince().orElse(now))
                : Optional.empty();

        boolean guideUp = upVotes.size() >= settings.votesToScaleUp();
        ScaleDecision.Direction wanted = ScaleDecision.Direction.NONE;
        if (guideUp || tiers.up()) {
            if (guideUp) {
                reasons.addAll(upVotes);
            }
            reasons.addAll(tiers.upVotes());
            if (instances >= settings.maxInstances()) {
                reasons.add("at max " + settings.maxInstances() + " instances");
            } else {
                wanted = ScaleDecision.Direction.UP;
            }
        } else if (lowSince.isPresent()) {
            Duration lowFor = Duration.between(lowSince.get(), now);
            if (lowFor.compareTo(settings.scaleDownDelay()) >= 0) {
                reasons.addAll(downConditions(reading.metrics().orElseThrow()));
                reasons.addAll(tiers.low());
            }
            reasons.add("low for " + lowFor.toSeconds() + " of " + Reasons.seconds(settings.scaleDownDelay()) + " s");
            if (lowFor.compareTo(settings.scaleDownDelay()) >= 0) {
                if (instances <= 1) {
                    reasons.add("at min 1 instance");
                } else {
                    wanted = ScaleDecision.Direction.DOWN;
                }
            }
        } else if (reading.metrics().isPresent()) {
            reasons.addAll(upVotes);
            reasons.add(upVotes.size() + " of " + settings.votesToScaleUp() + " votes");
            reasons.addAll(tiers.tally());
        }

        if (wanted != ScaleDecision.Direction.NONE) {
            Duration cooldownLeft = cooldownLeft(state, now);
            if (!cooldownLeft.isZero()) {
                reasons.add(cooldownReason(cooldownLeft));
                wanted = ScaleDecision.Direction.NONE;
            }
        }
        if (wanted == ScaleDecision.Direction.NONE) {
            return new PolicyResult(ScaleDecision.none(reasons), state.withLowSince(lowSince));
        }
        return new PolicyResult(new ScaleDecision(wanted, reasons), state.actedAt(now));
    }

    /** How long until an action is allowed again; zero when it is allowed now. */
    public Duration cooldownLeft(PolicyState state, Instant now) {
        if (state.lastAction().isEmpty()) {
            return Duration.ZERO;
        }
        Duration left = settings.cooldown().minus(Duration.between(state.lastAction().get(), now));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The cooldown left in whole seconds, rounded up, as the reasons, the status API and the metrics show it. */
    public long cooldownSecondsLeft(PolicyState state, Instant now) {
        return Reasons.secondsRoundedUp(cooldownLeft(state, now));
    }

    /** The reason code of a cooldown that holds an action back, e.g. {@code cooldown 212 s left}. */
    static String cooldownReason(Duration left) {
        return "cooldown " + Reasons.secondsRoundedUp(left) + " s left";
    }

    private List<String> upConditionsHolding(GroupMetrics m) {
        List<String> holding = new ArrayList<>(5);
        long usersUp = (long) settings.scaleUpUsersPerInstance() * m.servingInstances();
        if (m.activeUsers() >= usersUp) {
            holding.add("active_users>=" + usersUp);
        }
        if (m.cpuUsage() > settings.cpuUpPercent()) {
            holding.add("cpu>" + Reasons.number(settings.cpuUpPercent()));
        }
        if (m.gpuUsage().isPresent() && m.gpuUsage().getAsDouble() > settings.gpuUpPercent()) {
            holding.add("gpu>" + Reasons.number(settings.gpuUpPercent()));
        }
        if (m.simulationQueueLength() > settings.queueUpLength()) {
            holding.add("queue>" + settings.queueUpLength());
        }
        if (m.avgResponseTimeSeconds() > settings.responseUpSeconds()) {
            holding.add("response>" + Reasons.number(settings.responseUpSeconds()) + "s");
        }
        return holding;
    }

    private boolean allDownConditionsHold(GroupMetrics m) {
        return m.activeUsers() <= usersDown(m)
                && m.cpuUsage() < settings.cpuDownPercent()
                && (m.gpuUsage().isEmpty() || m.gpuUsage().getAsDouble() < settings.gpuDownPercent())
                && m.simulationQueueLength() == 0
                && m.avgResponseTimeSeconds() < settings.responseDownSeconds();
    }

    /** The reason codes of the down-conditions, all of which hold when this is called. */
    private List<String> downConditions(GroupMetrics m) {
        List<String> codes = new ArrayList<>(5);
        codes.add("active_users<=" + usersDown(m));
        codes.add("cpu<" + Reasons.number(settings.cpuDownPercent()));
        if (m.gpuUsage().isPresent()) {
            codes.add("gpu<" + Reasons.number(settings.gpuDownPercent()));
        }
        codes.add("queue==0");
        codes.add("response<" + Reasons.number(settings.responseDownSeconds()) + "s");
        return codes;
    }

    private long usersDown(GroupMetrics m) {
        return (long) settings.scaleDownUsersPerInstance() * (m.servingInstances() - 1);
    }
}
