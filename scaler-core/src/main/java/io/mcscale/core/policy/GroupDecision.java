package io.mcscale.core.policy;

import java.util.List;
import java.util.Optional;

/**
 * What {@link GroupPolicy} decided at one evaluation, which machine it concerns, why, and the
 * state to hand to the next evaluation.
 *
 * @param machineId for SCALE_UP the secondary to start, for SCALE_DOWN the one to drain and stop,
 *                  for CANCEL_DRAIN the draining one to put back; for FAILOVER the secondary to bring
 *                  into service (started if off, its drain cancelled if draining), empty when one already
 *                  serves or none is left; empty for NONE
 * @param reasons   short codes, e.g. {@code active_users>=6}, {@code cpu>70}, {@code cooldown 212 s left}
 */
public record GroupDecision(Kind kind, Optional<String> machineId, List<String> reasons, PolicyState next) {

    /**
     * The kinds of decision. {@link #word()} is what the event store, the logs, the status API and
     * replay print; stored databases hold these words, so a constant may be renamed but its word must stay.
     */
    public enum Kind {
        /** Nothing to do now; the reasons say why. */
        NONE("none"),
        /** Start the next secondary. */
        SCALE_UP("scale_up"),
        /** Take the newest serving secondary out of the balancer, drain it, then stop it. */
        SCALE_DOWN("scale_down"),
        /** Load returned while a secondary drained: it serves again. Starts nothing, so no cooldown holds it. */
        CANCEL_DRAIN("cancel_drain"),
        /** The primary failed its health checks (or an operator asked): a secondary serves at once, ignoring the cooldown. */
        FAILOVER("failover");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public GroupDecision {
        if (kind == null || next == null) {
            throw new IllegalArgumentException("a decision needs a kind and a next state");
        }
        reasons = List.copyOf(reasons);
        if (kind != Kind.NONE && kind != Kind.FAILOVER && machineId.isEmpty()) {
            throw new IllegalArgumentException(kind.word() + " must name its machine");
        }
    }

    static GroupDecision none(List<String> reasons, PolicyState next) {
        return new GroupDecision(Kind.NONE, Optional.empty(), reasons, next);
    }

    public boolean isAction() {
        return kind != Kind.NONE;
    }

    /** True when the failover that was active ended at this evaluation: the primary serves healthy again. */
    public boolean endsFailover(PolicyState before) {
        return before.failover() && !next.failover();
    }
}
