package io.mcscale.cli.demo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's clock settings. {@link #GUIDE} is the guide's (300 s cooldown, 600 s scale-down
 * delay, 30 s polls) with a load cycle long enough to see it act; {@link #FAST} compresses them so
 * the whole scale-up and scale-down fits in under three minutes.
 *
 * @param poll             {@code POLL_INTERVAL_SECONDS}
 * @param cooldown         {@code COOLDOWN_SECONDS}
 * @param scaleDownDelay   {@code SCALE_DOWN_DELAY_SECONDS}
 * @param drainTimeout     {@code DRAIN_TIMEOUT_SECONDS}
 * @param activeUserWindow how long a platform counts a user as active after its last request
 * @param rampUp           time to go from 0 to {@link #peakUsers} users
 * @param holdAfterScaleUp how long the peak lasts once the secondary serves
 * @param rampDown         time to go from the peak down to {@link #lowUsers}
 * @param scaleUpWithin    give up when no scale-up happened this long after the ramp up
 * @param scaleDownWithin  give up when no scale-down happened this long after the ramp down
 */
public record DemoTimings(
        Duration poll,
        Duration cooldown,
        Duration scaleDownDelay,
        Duration drainTimeout,
        Duration activeUserWindow,
        Duration rampUp,
        Duration holdAfterScaleUp,
        Duration rampDown,
        Duration scaleUpWithin,
        Duration scaleDownWithin,
        int peakUsers,
        int lowUsers) {

    public static final DemoTimings FAST = new DemoTimings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(15),
            Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ofSeconds(90), 8, 2);

    public static final DemoTimings GUIDE = new DemoTimings(Duration.ofSeconds(30), Duration.ofSeconds(300), Duration.ofSeconds(600),
            Duration.ofSeconds(1800), Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(60),
            Duration.ofMinutes(15), Duration.ofMinutes(30), 8, 2);

    /** The autoscaler keys these timings set, as the demo prints and passes them. */
    public Map<String, String> autoscalerKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("POLL_INTERVAL_SECONDS", Long.toString(poll.toSeconds()));
        keys.put("COOLDOWN_SECONDS", Long.toString(cooldown.toSeconds()));
        keys.put("SCALE_DOWN_DELAY_SECONDS", Long.toString(scaleDownDelay.toSeconds()));
        keys.put("DRAIN_TIMEOUT_SECONDS", Long.toString(drainTimeout.toSeconds()));
        return keys;
    }
}
