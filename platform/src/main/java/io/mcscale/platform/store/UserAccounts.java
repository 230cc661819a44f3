package io.mcscale.platform.store;

import io.mcscale.platform.auth.ApiKeys;
import io.mcscale.platform.auth.IssuedKey;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.auth.User;
import io.mcscale.platform.auth.UserLookup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The users table of the job store: who may use the platform, their tier, and the SHA-256 of their API key.
 * {@code mcscale users} manages it and {@link io.mcscale.platform.auth.Authenticator} reads it on every request.
 * Each change is one statement, so two operators at once cannot both take a name.
 */
public final class UserAccounts implements UserLookup {
    private static final String COLUMNS = "name, tier, created_at, revoked_at, key_prefix";

    /** What {@link #revoke} found. */
    public enum Revocation {
        REVOKED, ALREADY_REVOKED, NO_SUCH_USER
    }

    private final JobDatabase db;

    UserAccounts(JobDatabase db) {
        this.db = db;
    }

    /**
     * Registers {@code name} with a new API key and returns the key, whose secret exists nowhere else: show it once.
     * This is {@code mcscale users add}, and how the demo makes its users. A revoked user's name may be added again;
     * it then gets the new key and tier, and keeps its simulations.
     *
     * @throws IllegalArgumentException (one line naming the name and the fix) when {@code name} is not a valid user
     *     name, or belongs to a user whose key still works
     */
    public IssuedKey add(String name, Tier tier, Instant now) {
        User.nameProblem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        IssuedKey key = ApiKeys.issue();
        int added = db.update("INSERT INTO users (name, tier, key_sha256, key_prefix, created_at, revoked_at)"
                + " VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (name) DO UPDATE SET tier = excluded.tier,"
                + " key_sha256 = excluded.key_sha256, key_prefix = excluded.key_prefix, created_at = excluded.created_at,"
                + " revoked_at = NULL WHERE users.revoked_at IS NOT NULL",
                name, tier.wire(), key.sha256(), key.prefix(), now.toEpochMilli());
        if (added == 1) {
            return key;
        }
        String taken = byName(name).map(user -> " (tier " + user.tier().wire() + ", added " + user.createdAt() + ")").orElse("");
        throw new IllegalArgumentException("name '" + name + "' is taken: that user" + taken + " has a working key; choose another"
                + " name, or revoke theirs first (mcscale users revoke " + name + ") to give them a new key");
    }

    /** Every user, by name. */
    public List<User> list() {
        return users("SELECT " + COLUMNS + " FROM users ORDER BY name");
    }

    @Override
    public Optional<User> byName(String name) {
        return users("SELECT " + COLUMNS + " FROM users WHERE name = ?", name).stream().findFirst();
    }

    @Override
    public Optional<User> byKeySha256(String sha256) {
        return users("SELECT " + COLUMNS + " FROM users WHERE key_sha256 = ?", sha256).stream().findFirst();
    }

    /** Revokes {@code name}'s key from {@code now} on: the next request with it gets 401. */
    public Revocation revoke(String name, Instant now) {
        if (db.update("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", now.toEpochMilli(), name) == 1) {
            return Revocation.REVOKED;
        }
        return byName(name).isPresent() ? Revocation.ALREADY_REVOKED : Revocation.NO_SUCH_USER;
    }

    private List<User> users(String sql, Object... args) {
        return db.withStatement(sql, ps -> {
            JobDatabase.bind(ps, args);
            List<User> users = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(toUser(rs));
                }
            }
            return users;
        });
    }

    private static User toUser(ResultSet rs) throws SQLException {
        Tier tier = Tier.fromWire(rs.getString(2)).orElseThrow(() -> new SQLException("unknown tier in the users table"));
        long revoked = rs.getLong(4);
        Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
        return new User(rs.getString(1), tier, Instant.ofEpochMilli(rs.getLong(3)), revokedAt, rs.getString(5));
    }
}
