package io.mcscale.cli.load;

import org.apache.hc.core5.http.HttpRequest;

/**
 * Who one simulated user is to the platform: a registered user with an API key (sent as {@code Authorization: Bearer},
 * for a platform with {@code --auth keys}), or a bare name (sent as {@code X-User-Id}, for {@code --auth header}).
 *
 * @param apiKey null for a bare name
 */
public record LoadUser(String name, String apiKey) {
    public static LoadUser named(String name) {
        return new LoadUser(name, null);
    }

    void identify(HttpRequest request) {
        if (apiKey != null) {
            request.setHeader("Authorization", "Bearer " + apiKey);
        } else {
            request.setHeader("X-User-Id", name);
        }
    }

    /** Without the key, so that logging or printing a user cannot leak it. */
    @Override
    public String toString() {
        return apiKey == null ? name : name + " (with an API key)";
    }
}
