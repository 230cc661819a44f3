package io.mcscale.platform;

import io.mcscale.platform.auth.AuthMode;
import io.mcscale.platform.auth.TierWeights;
import io.mcscale.platform.metrics.CpuSource;
import java.time.Duration;

/**
 * How one platform instance runs. {@link #defaults()} gives the documented defaults; tests and the
 * command line change fields with the {@code with...} methods.
 *
 * @param host address to listen on
 * @param port port to listen on; 0 picks a free one
 * @param instanceId this instance's name in the shared store and in metrics
 * @param workers simulations run at once on this instance
 * @param maxPaths the largest {@code paths} a submission may ask for
 * @param userQueuedQuota queued simulations one user may have
 * @param maxQueued queued simulations the whole store may hold
 * @param maxJobWork the most work one simulation may be, in random draws (paths × draws per path)
 * @param maxUserQueuedWork the most work, in random draws, one user may have queued
 * @param lease how long a claimed job stays this instance's without a renewal
 * @param heartbeat how often leases are renewed, progress saved and cancellations read
 * @param activeUserWindow how long a user counts as active after a request
 * @param adminToken Bearer token for the admin endpoints; null disables them
 * @param version the product version reported in metrics
 * @param cpuSource what {@code cpu_usage} measures: the machine's CPU, or this process's
 * @param tierWeights each tier's weight in the fair-share claim
 * @param auth how a request's user is known: API keys, or a trusted {@code X-User-Id}
 */
public record PlatformConfig(
        String host,
        int port,
        String instanceId,
        int workers,
        long maxPaths,
        int userQueuedQuota,
        int maxQueued,
        long maxJobWork,
        long maxUserQueuedWork,
        Duration lease,
        Duration heartbeat,
        Duration activeUserWindow,
        String adminToken,
        String version,
        CpuSource cpuSource,
        TierWeights tierWeights,
        AuthMode auth) {

    public static final long DEFAULT_MAX_PATHS = 1_000_000_000L;
    /** About 40 minutes of one worker (an Asian option of 252 fixings × 400 M paths). */
    public static final long DEFAULT_MAX_JOB_WORK = 100_000_000_000L;
    /** Ten simulations at the per-job limit. */
    public static final long DEFAULT_MAX_USER_QUEUED_WORK = 1_000_000_000_000L;

    public PlatformConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (maxJobWork < 1 || maxUserQueuedWork < 1) {
            throw new IllegalArgumentException("max-job-work and max-user-work must be at least 1, got " + maxJobWork + " and "
                    + maxUserQueuedWork);
        }
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instance-id must not be empty");
        }
        if (cpuSource == null) {
            throw new IllegalArgumentException("cpu-source must be host or process");
        }
        if (auth == null) {
            throw new IllegalArgumentException("auth must be keys or header");
        }
        if (tierWeights == null) {
            throw new IllegalArgumentException("tier-weights must be given, e.g. " + TierWeights.DEFAULT);
        }
    }

    /** The record's fields, with the admin token reduced to its first 4 characters so a logged config never leaks it. */
    @Override
    public String toString() {
        String token = adminToken == null ? "none" : adminToken.length() >= 8 ? adminToken.substring(0, 4) + "****" : "****";
        return "PlatformConfig[host=" + host + ", port=" + port + ", instanceId=" + instanceId + ", workers=" + workers
                + ", maxPaths=" + maxPaths + ", userQueuedQuota=" + userQueuedQuota + ", maxQueued=" + maxQueued
                + ", maxJobWork=" + maxJobWork + ", maxUserQueuedWork=" + maxUserQueuedWork
                + ", lease=" + lease + ", heartbeat=" + heartbeat + ", activeUserWindow=" + activeUserWindow
                + ", adminToken=" + token + ", version=" + version + ", cpuSource=" + cpuSource + ", tierWeights=" + tierWeights + ", auth=" + auth + "]";
    }

    public static PlatformConfig defaults() {
        return new PlatformConfig("0.0.0.0", 8000, "local", Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_PATHS, 20,
                10_000, DEFAULT_MAX_JOB_WORK, DEFAULT_MAX_USER_QUEUED_WORK, Duration.ofSeconds(10), Duration.ofMillis(500),
                Duration.ofMinutes(5), null, "development build",
                CpuSource.HOST, TierWeights.DEFAULT, AuthMode.HEADER);
    }

    public PlatformConfig withListen(String newHost, int newPort) {
        return new PlatformConfig(newHost, newPort, instanceId, workers, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, activeUserWindow, adminToken, version, cpuSource, tierWeights, auth);
    }

    public PlatformConfig withInstanceId(String id) {
        return new PlatformConfig(host, port, id, workers, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, activeUserWindow, adminToken, version, cpuSource, tierWeights, auth);
    }

    public PlatformConfig withWorkers(int count) {
        return new PlatformConfig(host, port, instanceId, count, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, activeUserWindow, adminToken, version, cpuSource, tierWeights, auth);
    }

    public PlatformConfig withLimits(long newMaxPaths, int newUserQuota, int newMaxQueued) {
        return new PlatformConfig(host, port, instanceId, workers, newMaxPaths, newUserQuota, newMaxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, activeUserWindow, adminToken, version, cpuSource, tierWeights, auth);
    }

    public PlatformConfig withWorkLimits(long newMaxJobWork, long newMaxUserQueuedWork) {
        return new PlatformConfig(host, port, instanceId, workers, maxPaths, userQueuedQuota, maxQueued, newMaxJobWork,
                newMaxUserQueuedWork, lease, heartbeat, activeUserWindow, adminToken, version, cpuSource, tierWeights, auth);
    }

    public PlatformConfig withLease(Duration newLease, Duration newHeartbeat) {
        return new PlatformConfig(host, port, instanceId, workers, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, newLease, newHeartbeat, activeUserWindow, adminToken, version, cpuSource, tierWeights, auth);
    }

    public PlatformConfig withActiveUserWindow(Duration window) {
        return new PlatformConfig(host, port, instanceId, workers, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, window, adminToken, version, cpuSource, tierWeights, auth);
    }

    public PlatformConfig withAdminToken(String token) {
        return new PlatformConfig(host, port, instanceId, workers, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, activeUserWindow, token, version, cpuSource, tierWeights, auth);
    }

    public PlatformConfig withCpuSource(CpuSource source) {
        return new PlatformConfig(host, port, instanceId, workers, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, activeUserWindow, adminToken, version, source, tierWeights, auth);
    }

    public PlatformConfig withTierWeights(TierWeights weights) {
        return new PlatformConfig(host, port, instanceId, workers, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, activeUserWindow, adminToken, version, cpuSource, weights, auth);
    }

    public PlatformConfig withAuth(AuthMode mode) {
        return new PlatformConfig(host, port, instanceId, workers, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, activeUserWindow, adminToken, version, cpuSource, tierWeights, mode);
    }

    public PlatformConfig withVersion(String newVersion) {
        return new PlatformConfig(host, port, instanceId, workers, maxPaths, userQueuedQuota, maxQueued, maxJobWork,
                maxUserQueuedWork, lease, heartbeat, activeUserWindow, adminToken, newVersion, cpuSource, tierWeights, auth);
    }
}
