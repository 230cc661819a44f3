package io.mcscale.platform.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides who sent a request from its {@code Authorization} and {@code X-User-Id} headers, by the {@link AuthMode}:
 * <ul>
 *   <li>{@link AuthMode#KEYS}: only {@code Authorization: Bearer KEY} counts; {@code X-User-Id} is ignored, so no
 *       client can act as another user. A missing, unknown or revoked key is {@link NotAuthenticated}.</li>
 *   <li>{@link AuthMode#HEADER}: {@code X-User-Id} is trusted (a proxy in front authenticated the user); the tier is
 *       the registered user's of that name, else free. Without the header, a Bearer key is checked as in keys mode,
 *       so a client with a key works against either mode.</li>
 * </ul>
 * Keys are looked up on every request, uncached, so a revocation takes effect at the next request.
 */
public final class Authenticator {
    public static final String USER_HEADER = "X-User-Id";
    public static final String AUTHORIZATION = "Authorization";
    private static final int MAX_USER_HEADER = 200;

    private final AuthMode mode;
    private final UserLookup users;

    public Authenticator(AuthMode mode, UserLookup users) {
        this.mode = mode;
        this.users = users;
    }

    public AuthMode mode() {
        return mode;
    }

    /**
     * The caller of a request with these header values (null when absent).
     *
     * @throws NotAuthenticated when the request does not say, or proves wrongly, who sent it
     */
    public Caller authenticate(String authorization, String userHeader) {
        if (mode == AuthMode.HEADER && userHeader != null && !userHeader.isBlank()) {
            return trustedHeader(userHeader);
        }
        if (authorization == null || authorization.isBlank()) {
            throw mode == AuthMode.KEYS
                    ? new NotAuthenticated(NotAuthenticated.Reason.MISSING, AUTHORIZATION,
                            "send your API key as 'Authorization: Bearer KEY' (an operator makes one with: mcscale users add NAME)")
                    : new NotAuthenticated(NotAuthenticated.Reason.MISSING, USER_HEADER,
                            "the " + USER_HEADER + " header is required (or an API key as 'Authorization: Bearer KEY')");
        }
        return byKey(bearerToken(authorization));
    }

    private Caller trustedHeader(String user) {
        if (user.length() > MAX_USER_HEADER) {
            throw new NotAuthenticated(NotAuthenticated.Reason.MALFORMED, USER_HEADER,
                    "the " + USER_HEADER + " header is over " + MAX_USER_HEADER + " characters");
        }
        return new Caller(user, registeredTier(user));
    }

    /**
     * The tier of the registered user {@code name}, else free. When the users table cannot be read, free too: the
     * header is trusted whatever the table says, and a store that cannot be read fails the request where it needs the
     * store, with the message that names the problem (e.g. a deleted database file).
     */
    private Tier registeredTier(String name) {
        try {
            return users.byName(name).filter(registered -> !registered.revoked()).map(User::tier).orElse(Tier.FREE);
        } catch (RuntimeException storeUnreadable) {
            return Tier.FREE;
        }
    }

    private Caller byKey(String key) {
        Optional<User> user = users.byKeySha256(ApiKeys.sha256(key));
        if (user.isEmpty()) {
            throw new NotAuthenticated(NotAuthenticated.Reason.INVALID_KEY, AUTHORIZATION, "the API key " + ApiKeys.describe(key)
                    + " is not known; check it, or ask the operator for a key (mcscale users add NAME)");
        }
        if (user.get().revoked()) {
            throw new NotAuthenticated(NotAuthenticated.Reason.INVALID_KEY, AUTHORIZATION, "the API key " + ApiKeys.describe(key)
                    + " was revoked at " + user.get().revokedAt() + "; ask the operator for a new key");
        }
        return new Caller(user.get().name(), user.get().tier());
    }

    private static String bearerToken(String authorization) {
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String token = space < 0 ? "" : authorization.substring(space + 1).strip();
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer") || token.isEmpty()) {
            throw new NotAuthenticated(NotAuthenticated.Reason.MISSING, AUTHORIZATION,
                    "the Authorization header must be 'Bearer KEY' with your API key");
        }
        return token;
    }
}
