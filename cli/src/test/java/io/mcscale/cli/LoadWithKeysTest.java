package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcscale.platform.Platform;
import io.mcscale.platform.PlatformConfig;
import io.mcscale.platform.auth.AuthMode;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcscale load --keys-file} against a real platform with {@code --auth keys}, in process. */
class LoadWithKeysTest {
    @TempDir
    Path dir;
    private Platform platform;
    private Path keysFile;
    private String aliceKey;

    @BeforeEach
    void startPlatformWithTwoUsers() throws Exception {
        JobStore store = JobStore.sqlite(dir.resolve("store"));
        aliceKey = store.users().add("alice", Tier.PRO, Instant.now()).secret();
        String bobKey = store.users().add("bob", Tier.FREE, Instant.now()).secret();
        keysFile = Files.writeString(dir.resolve("keys"), "# name key\nalice " + aliceKey + "\n\nbob " + bobKey + "\n");
        platform = Platform.start(PlatformConfig.defaults().withListen("127.0.0.1", 0).withInstanceId("load-keys").withWorkers(2)
                .withAuth(AuthMode.KEYS), store, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private InProcessRun load(String... more) {
        var args = new ArrayList<>(List.of("load", "--url", "http://127.0.0.1:" + platform.port(), "--duration", "2",
                "--paths", "1000", "--poll-ms", "20", "--json"));
        args.addAll(List.of(more));
        return InProcessRun.of(args.toArray(String[]::new));
    }

    @Test
    void shouldRunEachSimulatedUserWithItsOwnKey() throws Exception {
        InProcessRun run = load("--users", "2", "--keys-file", keysFile.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        var report = new ObjectMapper().readTree(run.stdout().strip());
        assertThat(report.path("succeeded").asLong()).isPositive();
        assertThat(report.path("errors").asLong()).isZero();
        try (JobStore store = JobStore.sqlite(dir.resolve("store"))) {
            assertThat(store.listByUser("alice", 1, 0)).as("alice's simulations").isNotEmpty();
            assertThat(store.listByUser("bob", 1, 0)).as("bob's simulations").isNotEmpty();
            assertThat(store.listByUser("load-user-1", 1, 0)).isEmpty();
        }
    }

    @Test
    void shouldFailWithoutKeysAgainstAPlatformThatKnowsUsersByKey() {
        InProcessRun run = load("--users", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("401").contains("Authorization: Bearer KEY");
    }

    @Test
    void shouldRefuseMoreUsersThanKeysAndABadLineWithoutShowingIt() throws Exception {
        InProcessRun tooMany = load("--users", "3", "--keys-file", keysFile.toString());

        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.stderr().strip()).doesNotContain("\n").contains("--users 3", "2 users in --keys-file", "mcscale users add");

        Path bad = Files.writeString(dir.resolve("bad-keys"), "alice " + aliceKey + " extra\n");
        InProcessRun badLine = load("--users", "1", "--keys-file", bad.toString());

        assertThat(badLine.exitCode()).isEqualTo(2);
        assertThat(badLine.stderr().strip()).doesNotContain("\n").contains("line 1", "'NAME KEY'").doesNotContain(aliceKey.substring(0, 9));
    }
}
