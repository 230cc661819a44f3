package io.mcscale.platform.auth;

import java.util.Optional;

/** Where {@link Authenticator} finds registered users: the job store's users table. */
public interface UserLookup {
    Optional<User> byKeySha256(String sha256);

    Optional<User> byName(String name);
}
