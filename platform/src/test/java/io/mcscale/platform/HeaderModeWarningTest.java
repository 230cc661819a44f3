package io.mcscale.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.auth.AuthMode;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A platform that trusts X-User-Id says so at start when more than this machine can reach it. */
class HeaderModeWarningTest {
    record Case(AuthMode auth, String host, boolean warns) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(AuthMode.HEADER, "0.0.0.0", true),
                new Case(AuthMode.HEADER, "10.0.0.5", true),
                new Case(AuthMode.HEADER, "127.0.0.1", false),
                new Case(AuthMode.HEADER, "::1", false),
                new Case(AuthMode.HEADER, "localhost", false),
                new Case(AuthMode.KEYS, "0.0.0.0", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldWarnOnlyWhenTrustingTheHeaderBeyondLoopback(Case c) {
        Optional<String> warning = Platform.exposureWarning(PlatformConfig.defaults().withListen(c.host(), 8000).withAuth(c.auth()), 8000);

        assertThat(warning.isPresent()).isEqualTo(c.warns());
        warning.ifPresent(text -> assertThat(text).contains(c.host() + ":8000", "X-User-Id", "--auth keys", "PLATFORM_AUTH=keys"));
    }
}
