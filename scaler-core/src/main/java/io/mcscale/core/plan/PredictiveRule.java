package io.mcscale.core.plan;

import io.mcscale.core.policy.GroupDecision;
import io.mcscale.core.policy.PolicySettings;
import io.mcscale.core.policy.PolicyState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guide's policy plus forecast pre-warm. The guide decides first; its scale-ups and its
 * refusals stand. When it would do nothing, the {@link SeasonalProfile} is asked whether the
 * group's metrics will cross the scale-up votes within one boot time (plus one poll), and if so a
 * machine starts now (through the policy's own scale-up: within the maximum and the cooldown, a
 * draining machine put back before one starts), so that it serves when the demand arrives: reasons such as
 * {@code forecast 14 users at 09:00}. The forecast counts the same votes as the guide: users
 * against {@code SCALE_UP_THRESHOLD * n}, the load as CPU (busy share) and as queue.
 *
 * <p>It never stops a machine earlier than the guide would: it only holds back a guide
 * scale-down while the forecast says the smaller group would cross the votes again within a boot
 * time. A forecast that was wrong in the last slot (it foresaw a crossing, and under half its
 * users came) is not trusted until it is right again, so that a holiday or a quiet weekend costs
 * one early start, not a day of a machine held up.
 */
public final class PredictiveRule implements GroupRule {
    private final GuideRule guide;
    private final PolicySettings settings;
    private final GroupShape shape;
    private final SeasonalProfile profile = new SeasonalProfile();

    public PredictiveRule(PolicySettings settings, GroupShape shape) {
        this.guide = new GuideRule(settings);
        this.settings = settings;
        this.shape = shape;
    }

    @Override
    public GroupDecision decide(PollView view, Instant now) {
        double t = view.timeSeconds();
        profile.observe(t, view.activeUsers(), view.busyWorkers() + view.queued());
        PolicyState before = guide.state();
        GroupDecision decision = guide.decide(view, now);
        boolean guideActs = decision.kind() != GroupDecision.Kind.NONE && decision.kind() != GroupDecision.Kind.SCALE_DOWN;
        if (guideActs || !trusted(t)) {
            return decision;
        }
        if (decision.kind() == GroupDecision.Kind.SCALE_DOWN) {
            Optional<List<String>> needed = crossing(t, view.instances() - 1);
            if (needed.isEmpty()) {
                return decision;
            }
            // Held, not acted: the cooldown does not restart and the low-load clock keeps running.
            PolicyState held = before.withLowSince(Optional.of(before.lowSince().orElse(now)));
            guide.accept(held);
            List<String> reasons = new ArrayList<>(decision.reasons());
            reasons.add("held: " + String.join(", ", needed.get()));
            return new GroupDecision(GroupDecision.Kind.NONE, Optional.empty(), reasons, held);
        }
        Optional<List<String>> coming = crossing(t, view.instances());
        if (coming.isEmpty()) {
            return decision;
        }
        GroupDecision preWarm = guide.tryScaleUp(view, decision.next(), now);
        if (!preWarm.isAction()) {
            return decision;
        }
        guide.accept(preWarm.next());
        List<String> reasons = new ArrayList<>(coming.get());
        reasons.add("pre-warm " + DemandParser.number(shape.bootSeconds()) + " s ahead");
        return new GroupDecision(preWarm.kind(), preWarm.machineId(), reasons, preWarm.next());
    }

    /**
     * The forecast votes of the first slot within one boot time (plus a poll) in which a group of
     * {@code instances} would cross the scale-up votes; empty when none would.
     */
    private Optional<List<String>> crossing(double t, int instances) {
        if (instances < 1) {
            return Optional.empty();
        }
        int last = SeasonalProfile.slotOf(t + shape.bootSeconds() + shape.pollSeconds());
        for (int slot = SeasonalProfile.slotOf(t); slot <= last; slot++) {
            List<String> votes = votes(slot, instances);
            if (votes.size() >= settings.votesToScaleUp()) {
                return Optional.of(votes);
            }
        }
        return Optional.empty();
    }

    private List<String> votes(int slot, int instances) {
        int users = profile.users(slot);
        int load = profile.load(slot);
        List<String> votes = new ArrayList<>(3);
        if (users < 0) {
            return votes;
        }
        String at = " at " + SeasonalProfile.timeOfDay(slot);
        int workers = instances * shape.workersPerInstance();
        if (users >= (long) settings.scaleUpUsersPerInstance() * instances) {
            votes.add("forecast " + users + " users" + at);
        }
        if (100.0 * Math.min(load, workers) / workers > settings.cpuUpPercent()) {
            votes.add("forecast cpu " + Math.round(100.0 * Math.min(load, workers) / workers) + "%" + at);
        }
        if (load - workers > settings.queueUpLength()) {
            votes.add("forecast queue " + (load - workers) + at);
        }
        return votes;
    }

    /** False when the last slot's forecast foresaw a crossing and under half of its users came. */
    private boolean trusted(double t) {
        int previous = SeasonalProfile.slotOf(t) - 1;
        int foreseen = previous < 0 ? -1 : profile.users(previous);
        return foreseen < settings.scaleUpUsersPerInstance() || 2 * profile.seenUsers(previous) >= foreseen;
    }
}
