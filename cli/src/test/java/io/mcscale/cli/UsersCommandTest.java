package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.auth.ApiKeys;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.auth.User;
import io.mcscale.platform.store.JobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code mcscale users add|list|revoke}, in process, on a SQLite data dir and on a real PostgreSQL server. */
class UsersCommandTest {
    private static EmbeddedPostgres postgres;
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    /** One store, as the options that reach it and as a store the test can read. */
    record Store(String name, List<String> options, Supplier<JobStore> open) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Store> stores() {
        return Stream.of(
                new Store("sqlite", List.of("--data-dir", dataDir.toString()), () -> JobStore.sqlite(dataDir)),
                new Store("postgres", List.of("--store", "postgres", "--jdbc-url", postgres.getJdbcUrl("postgres", "postgres")),
                        () -> JobStore.postgres(postgres.getJdbcUrl("postgres", "postgres"))));
    }

    private static InProcessRun users(Store store, String... args) {
        List<String> all = new ArrayList<>(List.of("users"));
        all.addAll(List.of(args));
        all.addAll(store.options());
        return InProcessRun.of(all.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldAddAUserPrintingTheKeyOnceOnTheLastLineThenListAndRevokeIt(Store store) {
        String name = "alice-" + store.name();

        InProcessRun added = users(store, "add", name, "--tier", "pro");

        assertThat(added.exitCode()).as(added.stderr()).isZero();
        List<String> lines = added.stdout().lines().toList();
        String key = lines.get(lines.size() - 1);
        assertThat(key).matches("mcs_[A-Za-z0-9_-]{43}");
        try (JobStore opened = store.open().get()) {
            Optional<User> user = opened.users().byKeySha256(ApiKeys.sha256(key));
            assertThat(user.map(User::name)).contains(name);
            assertThat(user.map(User::tier)).contains(Tier.PRO);
        }

        InProcessRun listed = users(store, "list");

        assertThat(listed.exitCode()).isZero();
        assertThat(listed.stdout()).contains("NAME", "TIER", "CREATED", "REVOKED", "KEY");
        String row = listed.stdout().lines().filter(line -> line.startsWith(name + " ")).findFirst().orElseThrow();
        assertThat(row).contains("pro", key.substring(0, 8) + "...").doesNotContain(key.substring(0, 9));

        InProcessRun revoked = users(store, "revoke", name);

        assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
        assertThat(revoked.stdout()).contains("revoked");
        try (JobStore opened = store.open().get()) {
            assertThat(opened.users().byKeySha256(ApiKeys.sha256(key)).map(User::revoked)).contains(true);
        }
        String revokedRow = users(store, "list").stdout().lines().filter(line -> line.startsWith(name + " ")).findFirst().orElseThrow();
        assertThat(revokedRow.split("\\s+")[3]).as("the REVOKED column").isNotEqualTo("-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldRefuseBadInputWithOneLineNamingTheFieldTheValueAndTheFix(Store store) {
        String name = "bob-" + store.name();
        assertThat(users(store, "add", name).exitCode()).isZero();

        assertOneLineExit2(users(store, "add", name), "name '" + name + "' is taken", "mcscale users revoke " + name);
        assertOneLineExit2(users(store, "add", "carol", "--tier", "gold"), "--tier 'gold'", "free|pro|enterprise");
        assertOneLineExit2(users(store, "add", "car ol"), "'car ol'", "letters, digits");
        assertOneLineExit2(users(store, "revoke", "nobody"), "NAME 'nobody'", "mcscale users list");
    }

    private static void assertOneLineExit2(InProcessRun run, String... mentions) {
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains(mentions);
        assertThat(run.stdout()).isEmpty();
    }
}
