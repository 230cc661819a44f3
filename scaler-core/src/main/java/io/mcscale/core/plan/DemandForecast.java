package io.mcscale.core.plan;

import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Forecast pre-warm around the guide's decision, shared by the planner ({@link PredictiveRule}, fed
 * from the simulation) and the daemon (fed from the platforms' metrics and the event store). It
 * learns a {@link SeasonalProfile} of active users and load (running plus waiting simulations);
 * times are seconds from an origin at a midnight, so that slots are times of day.
 *
 * <p>The guide decides first; its scale-ups and its refusals stand. When it would do nothing and
 * the group would cross the scale-up votes within the lead time (a boot, plus one poll), a
 * machine starts now through the policy's own scale-up (within the maximum and the cooldown, a
 * draining machine put back before one starts; the daemon also keeps to the budget): reasons such as
 * {@code forecast 14 users at 09:00}, {@code pre-warm 300 s ahead}. It never stops a machine
 * earlier than the guide would: it only holds back a guide scale-down while the forecast says the
 * smaller group would cross the votes again within the lead time. A forecast that was wrong in the
 * last slot (it foresaw a crossing, and under half its users came) is not trusted until it is
 * right again, so that a holiday costs one early start, not a day of a machine held up.
 *
 * <p>The votes are the guide's: users against {@code SCALE_UP_THRESHOLD * n}, the load as CPU (busy
 * share) and as queue. Load votes need the workers per machine (the planner's {@code --workers}, the
 * daemon's platforms' {@code workers} metric); where they are not known (a platform that does not
 * report them) only users are forecast, and the users vote alone is a crossing.
 */
public final class DemandForecast {
    /** Workers per machine when they are not known: only users are forecast. */
    public static final int WORKERS_UNKNOWN = 0;

    private final PolicySettings settings;
    private final double leadSeconds;
    private final double pollSeconds;
    private final int workersPerInstance;
    private final SeasonalProfile profile = new SeasonalProfile();

    /**
     * @param leadSeconds        how long a started machine takes to serve (the boot time)
     * @param workersPerInstance simulations one machine runs at once, or {@link #WORKERS_UNKNOWN}
     */
    public DemandForecast(PolicySettings settings, double leadSeconds, double pollSeconds, int workersPerInstance) {
        if (!(leadSeconds >= 0) || !(pollSeconds > 0) || workersPerInstance < 0) {
            throw new IllegalArgumentException("a forecast needs a lead >= 0 s, a poll > 0 s and workers >= 0, got "
                    + leadSeconds + ", " + pollSeconds + ", " + workersPerInstance);
        }
        this.settings = settings;
        this.leadSeconds = leadSeconds;
        this.pollSeconds = pollSeconds;
        this.workersPerInstance = workersPerInstance;
    }

    /** What the group saw at {@code timeSeconds}: active users, and running plus queued simulations. */
    public void observe(double timeSeconds, int activeUsers, int load) {
        profile.observe(timeSeconds, activeUsers, load);
    }

    /**
     * The guide's {@code decision}, or the forecast's change of it: a guide {@code NONE} may become a
     * pre-warm scale-up, a guide {@code SCALE_DOWN} a held {@code NONE}. Returns {@code decision}
     * itself when the forecast changes nothing.
     *
     * @param before    the policy state the guide decided from
     * @param instances the group's size (serving plus starting)
     * @param scaleUp   the policy's own scale-up from a state (an operator's {@code scale up}, not forced)
     */
    public GroupDecision adjust(GroupDecision decision, PolicyState before, double timeSeconds, int instances, Instant now,
            Function<PolicyState, GroupDecision> scaleUp) {
        return adjust(decision, before, timeSeconds, instances, workersPerInstance, now, scaleUp);
    }

    /**
     * As {@link #adjust(GroupDecision, PolicyState, double, int, Instant, Function)}, with the workers per machine
     * known now rather than at construction: the daemon learns them from the platforms' metrics as they serve.
     *
     * @param workersPerInstance simulations one machine runs at once, or {@link #WORKERS_UNKNOWN}
     */
    public GroupDecision adjust(GroupDecision decision, PolicyState before, double timeSeconds, int instances,
            int workersPerInstance, Instant now, Function<PolicyState, GroupDecision> scaleUp) {
        GroupDecision.Kind kind = decision.kind();
        if ((kind != GroupDecision.Kind.NONE && kind != GroupDecision.Kind.SCALE_DOWN) || !trusted(timeSeconds)) {
            return decision;
        }
        if (kind == GroupDecision.Kind.SCALE_DOWN) {
            Optional<List<String>> needed = crossing(timeSeconds, instances - 1, workersPerInstance);
            if (needed.isEmpty()) {
                return decision;
            }
            // Held, not acted: the cooldown does not restart and the low-load clock keeps running.
            PolicyState held = before.withLowSince(Optional.of(before.lowSince().orElse(now)));
            List<String> reasons = new ArrayList<>(decision.reasons());
            reasons.add("held: " + String.join(", ", needed.get()));
            return new GroupDecision(GroupDecision.Kind.NONE, Optional.empty(), reasons, held);
        }
        Optional<List<String>> coming = crossing(timeSeconds, instances, workersPerInstance);
        if (coming.isEmpty()) {
            return decision;
        }
        GroupDecision preWarm = scaleUp.apply(decision.next());
        if (!preWarm.isAction()) {
            return decision;
        }
        List<String> reasons = new ArrayList<>(coming.get());
        reasons.add("pre-warm " + DemandParser.number(leadSeconds) + " s ahead");
        return new GroupDecision(preWarm.kind(), preWarm.machineId(), reasons, preWarm.next());
    }

    /**
     * The forecast votes of the first slot within the lead time (plus a poll) in which a group of
     * {@code instances} would cross the scale-up votes; empty when none would.
     */
    Optional<List<String>> crossing(double t, int instances, int workersPerInstance) {
        if (instances < 1) {
            return Optional.empty();
        }
        int needed = workersPerInstance == WORKERS_UNKNOWN ? 1 : settings.votesToScaleUp();
        int last = SeasonalProfile.slotOf(t + leadSeconds + pollSeconds);
        for (int slot = SeasonalProfile.slotOf(t); slot <= last; slot++) {
            List<String> votes = votes(slot, instances, workersPerInstance);
            if (votes.size() >= needed) {
                return Optional.of(votes);
            }
        }
        return Optional.empty();
    }

    private List<String> votes(int slot, int instances, int workersPerInstance) {
        int users = profile.users(slot);
        int load = profile.load(slot);
        List<String> votes = new ArrayList<>(3);
        if (users < 0) {
            return votes;
        }
        String at = " at " + SeasonalProfile.timeOfDay(slot);
        if (users >= (long) settings.scaleUpUsersPerInstance() * instances) {
            votes.add("forecast " + users + " users" + at);
        }
        if (workersPerInstance == WORKERS_UNKNOWN) {
            return votes;
        }
        int workers = instances * workersPerInstance;
        if (100.0 * Math.min(load, workers) / workers > settings.cpuUpPercent()) {
            votes.add("forecast cpu " + Math.round(100.0 * Math.min(load, workers) / workers) + "%" + at);
        }
        if (load - workers > settings.queueUpLength()) {
            votes.add("forecast queue " + (load - workers) + at);
        }
        return votes;
    }

    /** False when the last slot's forecast foresaw a crossing and under half of its users came. */
    boolean trusted(double t) {
        int previous = SeasonalProfile.slotOf(t) - 1;
        int foreseen = previous < 0 ? -1 : profile.users(previous);
        return foreseen < settings.scaleUpUsersPerInstance() || 2 * profile.seenUsers(previous) >= foreseen;
    }
}
