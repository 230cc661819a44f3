package io.mcscale.scaler.config;

import java.net.URI;
import java.util.Optional;

/** How to reach Paperspace's v1 API. The key is present whenever {@code PROVIDER=paperspace}. */
public record PaperspaceSettings(Optional<Secret> apiKey, URI apiUrl) {
}
