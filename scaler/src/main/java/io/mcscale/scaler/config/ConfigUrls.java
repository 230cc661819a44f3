package io.mcscale.scaler.config;

import io.mcscale.core.model.Backend;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** The URL-valued keys: the Paperspace API base and the platforms' addresses. */
final class ConfigUrls {
    private ConfigUrls() {
    }

    /** An http(s) URL with a host, or empty. */
    static Optional<URI> apiUrl(String text) {
        try {
            URI uri = new URI(text);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // not a URL: empty
        }
        return Optional.empty();
    }

    /**
     * {@code http://host[:port]} or a bare {@code host:port}; a missing port is {@code defaultPort}. A path, query or
     * user info is refused: the scaler adds the API's own paths.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    static URI platformUrl(ConfigKey key, String text, int defaultPort) {
        String withScheme = text.contains("://") ? text : "http://" + text;
        try {
            URI uri = new URI(withScheme);
            boolean plain = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null && uri.getRawUserInfo() == null;
            if (plain) {
                int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
                Backend checked = new Backend(uri.getHost(), port);
                return URI.create(uri.getScheme() + "://" + checked);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(key.name() + "=" + text + " is not allowed: use " + key.allowed());
    }
}
