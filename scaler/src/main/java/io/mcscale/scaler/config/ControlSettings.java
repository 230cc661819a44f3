package io.mcscale.scaler.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The control loop's timings, the admin API and the state directory.
 *
 * @param adminListenHost    host of {@code ADMIN_LISTEN}
 * @param adminToken         empty = the daemon generates one into {@code DATA_DIR/admin-token}
 * @param platformAdminToken Bearer token for the platforms' drain and resume calls
 * @param eventRetention     how long the event store keeps decisions ({@code EVENT_RETENTION_DAYS})
 * @param predictiveLead     with {@code PREDICTIVE_SCALING=true}, how far ahead the forecast pre-warms; empty = off
 */
public record ControlSettings(
        Duration pollInterval,
        Duration drainTimeout,
        int healthFailuresForFailover,
        Duration metricsTimeout,
        Optional<Secret> platformAdminToken,
        String adminListenHost,
        int adminListenPort,
        Optional<Secret> adminToken,
        Path dataDir,
        boolean dryRun,
        Duration eventRetention,
        Optional<Duration> predictiveLead) {
}
