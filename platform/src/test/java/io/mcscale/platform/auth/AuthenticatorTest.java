package io.mcscale.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuthenticatorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ALICE_KEY = "mcs_aliceAliceAliceAliceAliceAliceAliceAlice";
    private static final String BOB_KEY = "mcs_bobBobBobBobBobBobBobBobBobBobBobBobBobB";
    private static final String UNKNOWN_KEY = "mcs_nobodyNobodyNobodyNobodyNobodyNobodyNobo";

    /** A users table of two: alice (pro, key works) and bob (enterprise, revoked). */
    private static final UserLookup USERS = new UserLookup() {
        private final Map<String, User> byName = Map.of(
                "alice", new User("alice", Tier.PRO, T0, null, "alic"),
                "bob", new User("bob", Tier.ENTERPRISE, T0, T0.plusSeconds(60), "bobB"));
        private final Map<String, String> nameByKeyHash = Map.of(ApiKeys.sha256(ALICE_KEY), "alice", ApiKeys.sha256(BOB_KEY), "bob");

        @Override
        public Optional<User> byKeySha256(String sha256) {
            return Optional.ofNullable(nameByKeyHash.get(sha256)).map(byName::get);
        }

        @Override
        public Optional<User> byName(String name) {
            return Optional.ofNullable(byName.get(name));
        }
    };

    record Case(
            // the platform's mode
            AuthMode mode,
            // what the request sent (null: no such header)
            String authorization,
            String userHeader,
            // expected: the caller, or the reason and the header to blame
            Caller caller,
            NotAuthenticated.Reason refused,
            String field) {
        static Case known(AuthMode mode, String authorization, String userHeader, String user, Tier tier) {
            return new Case(mode, authorization, userHeader, new Caller(user, tier), null, null);
        }

        static Case refused(AuthMode mode, String authorization, String userHeader, NotAuthenticated.Reason reason, String field) {
            return new Case(mode, authorization, userHeader, null, reason, field);
        }

        @Override
        public String toString() {
            return mode + " Authorization=" + authorization + " X-User-Id=" + userHeader;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // keys: the key alone says who it is; X-User-Id is ignored
                Case.known(AuthMode.KEYS, "Bearer " + ALICE_KEY, null, "alice", Tier.PRO),
                Case.known(AuthMode.KEYS, "bearer " + ALICE_KEY, "bob", "alice", Tier.PRO),
                Case.refused(AuthMode.KEYS, null, "alice", NotAuthenticated.Reason.MISSING, "Authorization"),
                Case.refused(AuthMode.KEYS, null, null, NotAuthenticated.Reason.MISSING, "Authorization"),
                Case.refused(AuthMode.KEYS, "Basic YWxpY2U6cHc=", "alice", NotAuthenticated.Reason.MISSING, "Authorization"),
                Case.refused(AuthMode.KEYS, "Bearer ", null, NotAuthenticated.Reason.MISSING, "Authorization"),
                Case.refused(AuthMode.KEYS, "Bearer " + UNKNOWN_KEY, "alice", NotAuthenticated.Reason.INVALID_KEY, "Authorization"),
                Case.refused(AuthMode.KEYS, "Bearer " + BOB_KEY, null, NotAuthenticated.Reason.INVALID_KEY, "Authorization"),
                // header: X-User-Id is trusted, with the registered user's tier (free when unknown or revoked)
                Case.known(AuthMode.HEADER, null, "alice", "alice", Tier.PRO),
                Case.known(AuthMode.HEADER, null, "carol", "carol", Tier.FREE),
                Case.known(AuthMode.HEADER, null, "bob", "bob", Tier.FREE),
                Case.known(AuthMode.HEADER, "Bearer " + BOB_KEY, "carol", "carol", Tier.FREE),
                // header: without X-User-Id, a key is checked as in keys mode
                Case.known(AuthMode.HEADER, "Bearer " + ALICE_KEY, null, "alice", Tier.PRO),
                Case.refused(AuthMode.HEADER, "Bearer " + UNKNOWN_KEY, null, NotAuthenticated.Reason.INVALID_KEY, "Authorization"),
                Case.refused(AuthMode.HEADER, null, null, NotAuthenticated.Reason.MISSING, "X-User-Id"),
                Case.refused(AuthMode.HEADER, null, "x".repeat(201), NotAuthenticated.Reason.MALFORMED, "X-User-Id"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldKnowTheCallerOnlyAsTheModeAllows(Case c) {
        var authenticator = new Authenticator(c.mode(), USERS);
        if (c.caller() != null) {
            assertThat(authenticator.authenticate(c.authorization(), c.userHeader())).isEqualTo(c.caller());
            return;
        }
        NotAuthenticated refused = catchThrowableOfType(NotAuthenticated.class,
                () -> authenticator.authenticate(c.authorization(), c.userHeader()));
        assertThat(refused.reason()).isEqualTo(c.refused());
        assertThat(refused.field()).isEqualTo(c.field());
        // A message may show 4 characters of a key after mcs_, never more.
        for (String key : new String[] {ALICE_KEY, BOB_KEY, UNKNOWN_KEY}) {
            assertThat(refused.getMessage()).doesNotContain(key.substring(0, 9));
        }
    }
}
