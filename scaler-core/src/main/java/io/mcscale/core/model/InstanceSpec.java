package io.mcscale.core.model;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One machine of the group as configured: its provider id and, when configured, the base URL
 * of the platform on it (e.g. {@code http://10.0.0.5:8000}). Without a URL the provider
 * supplies the address (Paperspace's private IP plus {@code PLATFORM_PORT}).
 */
public record InstanceSpec(String machineId, Optional<URI> platformUrl) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public InstanceSpec {
        if (machineId == null || !ID.matcher(machineId).matches()) {
            throw new IllegalArgumentException("invalid machine id '" + machineId
                    + "': use letters, digits, '.', '_' or '-' (at most 64), e.g. ps1234567");
        }
    }

    public static InstanceSpec of(String machineId) {
        return new InstanceSpec(machineId, Optional.empty());
    }

    /** The platform's address for the load balancer, when a URL is configured. */
    public Optional<Backend> backend() {
        return platformUrl.map(url -> new Backend(url.getHost(), url.getPort()));
    }
}
