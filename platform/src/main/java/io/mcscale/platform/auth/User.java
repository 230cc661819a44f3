package io.mcscale.platform.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registered user, as the job store keeps them: the name (the owner of their simulations), the tier, when their
 * key was made, when it was revoked (null while it works), and the key's first characters.
 */
public record User(String name, Tier tier, Instant createdAt, Instant revokedAt, String keyPrefix) {
    /** Names are the {@code user_id} of simulations and a word in a keys file: no spaces, nothing a shell or log would mangle. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Why {@code name} cannot be a user's name, or empty when it can. */
    public static Optional<String> nameProblem(String name) {
        if (name != null && NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of("name '" + name + "' is not a valid user name: use 1 to 64 letters, digits and . _ @ + -,"
                + " starting with a letter or digit (e.g. alice or team-7)");
    }
}
