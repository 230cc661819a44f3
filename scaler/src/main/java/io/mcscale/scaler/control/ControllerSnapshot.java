package io.mcscale.scaler.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the control loop knows after its last tick, for {@code GET /api/status} and
 * {@code mcscale status}. Immutable: the admin thread reads it while the loop goes on.
 *
 * @param metrics the aggregated policy inputs (e.g. {@code active_users}, {@code cpu_usage}); empty when unread
 */
public record ControllerSnapshot(
        Instant at,
        String mode,
        boolean dryRun,
        List<MachineStatus> machines,
        Map<String, Object> metrics,
        List<String> metricFailures,
        String lastDecision,
        List<String> lastReasons,
        Instant lastDecisionAt,
        long cooldownSecondsLeft,
        List<String> routedBackends) {

    /** One machine: its role, the provider's state word, the loop's phase, its last health and its region (null when unknown). */
    public record MachineStatus(
            String id,
            String role,
            String state,
            String phase,
            String address,
            String health,
            boolean routed,
            int healthFailures,
            Integer runningSimulations,
            String region) {

        /** A machine whose provider reports no region. */
        public MachineStatus(String id, String role, String state, String phase, String address, String health, boolean routed,
                int healthFailures, Integer runningSimulations) {
            this(id, role, state, phase, address, health, routed, healthFailures, runningSimulations, null);
        }
    }

    public static ControllerSnapshot initial() {
        return new ControllerSnapshot(Instant.EPOCH, "starting", false, List.of(), Map.of(), List.of(), "none",
                List.of("no evaluation yet"), Instant.EPOCH, 0, List.of());
    }
}
