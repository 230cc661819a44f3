package io.mcscale.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.platform.auth.ApiKeys;
import io.mcscale.platform.auth.IssuedKey;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.auth.User;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The users table on each real database, run by a subclass. */
abstract class UserAccountsContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    JobStore store;

    abstract JobStore openEmptyStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openEmptyStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldKeepOnlyTheHashAndPrefixOfANewUsersKeyAndFindTheUserByIt() throws Exception {
        IssuedKey key = store.users().add("alice", Tier.PRO, T0);

        assertThat(store.users().byKeySha256(ApiKeys.sha256(key.secret())))
                .contains(new User("alice", Tier.PRO, T0, null, key.prefix()));
        assertThat(store.users().byKeySha256(ApiKeys.sha256(key.secret() + "x"))).isEmpty();
        assertThat(store.users().byName("alice").map(User::tier)).contains(Tier.PRO);
        try (var c = store.dataSource().getConnection(); var rows = c.createStatement().executeQuery("SELECT * FROM users")) {
            rows.next();
            for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                assertThat(String.valueOf(rows.getObject(column))).as("column %d", column).doesNotContain(key.secret().substring(4, 12));
            }
        }
    }

    @Test
    void shouldRefuseATakenNameAndKeepTheFirstKey() {
        IssuedKey first = store.users().add("alice", Tier.FREE, T0);

        assertThatThrownBy(() -> store.users().add("alice", Tier.ENTERPRISE, T0.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name 'alice' is taken")
                .hasMessageContaining("mcscale users revoke alice");

        assertThat(store.users().byKeySha256(first.sha256()).map(User::tier)).contains(Tier.FREE);
    }

    @Test
    void shouldRefuseAnInvalidName() {
        assertThatThrownBy(() -> store.users().add("al ice", Tier.FREE, T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'al ice'");
        assertThat(store.users().list()).isEmpty();
    }

    @Test
    void shouldRevokeAKeyAtOnceAndLetTheNameBeAddedAgainWithANewKey() {
        IssuedKey old = store.users().add("alice", Tier.PRO, T0);

        assertThat(store.users().revoke("alice", T0.plusSeconds(5))).isEqualTo(UserAccounts.Revocation.REVOKED);
        assertThat(store.users().revoke("alice", T0.plusSeconds(6))).isEqualTo(UserAccounts.Revocation.ALREADY_REVOKED);
        assertThat(store.users().revoke("nobody", T0)).isEqualTo(UserAccounts.Revocation.NO_SUCH_USER);
        assertThat(store.users().byKeySha256(old.sha256()).map(User::revokedAt)).contains(T0.plusSeconds(5));

        IssuedKey renewed = store.users().add("alice", Tier.ENTERPRISE, T0.plusSeconds(10));

        assertThat(store.users().byKeySha256(old.sha256())).isEmpty();
        assertThat(store.users().byKeySha256(renewed.sha256())).contains(new User("alice", Tier.ENTERPRISE, T0.plusSeconds(10), null,
                renewed.prefix()));
    }

    @Test
    void shouldListUsersByName() {
        store.users().add("carol", Tier.ENTERPRISE, T0);
        store.users().add("alice", Tier.FREE, T0);
        store.users().add("bob", Tier.PRO, T0);
        store.users().revoke("bob", T0.plusSeconds(1));

        assertThat(store.users().list()).extracting(User::name, User::tier, User::revoked).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice", Tier.FREE, false),
                org.assertj.core.groups.Tuple.tuple("bob", Tier.PRO, true),
                org.assertj.core.groups.Tuple.tuple("carol", Tier.ENTERPRISE, false));
    }
}
