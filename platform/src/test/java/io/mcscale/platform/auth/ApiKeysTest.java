package io.mcscale.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    @Test
    void shouldIssueKeysOf32RandomBytesInBase64UrlWithTheirHashAndAFourCharacterPrefix() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            IssuedKey key = ApiKeys.issue();
            assertThat(key.secret()).matches("mcs_[A-Za-z0-9_-]{43}");
            assertThat(key.sha256()).isEqualTo(ApiKeys.sha256(key.secret())).hasSize(64);
            assertThat(key.prefix()).isEqualTo(key.secret().substring(4, 8));
            secrets.add(key.secret());
        }
        assertThat(secrets).as("no two keys alike").hasSize(100);
    }

    @Test
    void shouldHashWithSha256() {
        // The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        assertThat(ApiKeys.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldShowAtMostFourCharactersOfAKeyAndNoneOfAForeignOrShortSecret() {
        IssuedKey key = ApiKeys.issue();

        assertThat(ApiKeys.describe(key.secret())).isEqualTo("'mcs_" + key.prefix() + "...'");
        assertThat(ApiKeys.describe("hunter2")).doesNotContain("hunt");
        assertThat(ApiKeys.describe("mcs_abc")).doesNotContain("abc");
        assertThat(key.toString()).doesNotContain(key.secret()).contains(key.prefix());
    }
}
