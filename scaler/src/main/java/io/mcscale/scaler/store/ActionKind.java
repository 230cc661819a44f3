package io.mcscale.scaler.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * The kinds of action the daemon records. {@link #word()} is what the event store holds: existing
 * databases and {@code mcscale cost report} read these words, so a constant may be renamed but its
 * word must stay.
 */
public enum ActionKind {
    /** The policy (or an operator, or failover) started a secondary. */
    SCALE_UP("scale_up"),
    /** The policy (or an operator) drained a secondary, then stopped it. */
    SCALE_DOWN("scale_down"),
    /** The group failed over from its primary; ends when the primary serves healthy again. */
    FAILOVER("failover"),
    /** A running secondary this scaler did not start is taken into the group. */
    ADOPT("adopt"),
    /** The primary is always on: it was off, so it is started. */
    START_PRIMARY("start_primary"),
    /** A start that timed out is tried again. */
    RETRY_START("retry_start"),
    /** A secondary failed to start too often and is stopped. */
    STOP_FAILED_START("stop_failed_start"),
    /** Failover stops an unhealthy primary whose provider restart failed; the always-on rule starts it again. */
    RESTART_PRIMARY("restart_primary"),
    /** Failover reboots an unhealthy primary that is up, through the provider's restart. */
    REBOOT_PRIMARY("reboot_primary"),
    /** Failover restarts the dead platform on the scaler's own machine with PLATFORM_RESTART_COMMAND. */
    RESTART_PLATFORM("restart_platform"),
    /** A stop that timed out is asked again. */
    RETRY_STOP("retry_stop"),
    /** An instance's metrics could not be read several times in a row. */
    HEALTH_EVENT("health_event"),
    /** Before a start: the provider's answer whether the machine's type can start in its region now. */
    CAPACITY_CHECK("capacity_check"),
    /** A scale-up's try ended out of capacity (or failed) and the scale-up moved on, or found nothing left to start. */
    PLACEMENT("placement"),
    /** A provider call failed (429, 5xx, dropped) and the provider retried it by itself. */
    PROVIDER_RETRY("provider_retry"),
    /** A base secondary (MIN_INSTANCES) is kept on like the primary: it was off, so it is started. */
    START_BASE("start_base");

    /** The actions after which the cooldown counts, across restarts of the scaler. */
    public static final Set<ActionKind> SCALING = EnumSet.of(SCALE_UP, SCALE_DOWN, FAILOVER);

    private final String word;

    ActionKind(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static ActionKind fromWord(String word) {
        for (ActionKind kind : values()) {
            if (kind.word().equals(word)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown action kind '" + word + "' in the event store");
    }
}
