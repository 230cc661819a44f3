package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.MachineState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatusCommandTest {
    @TempDir
    Path dir;

    private AdminServerOnLoopback daemon;

    @BeforeEach
    void start() throws Exception {
        daemon = new AdminServerOnLoopback(dir);
        daemon.store.recordState(Instant.parse("2026-03-17T12:30:00Z"), "ps-1", MachineState.READY);
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void withoutConfigAndWithoutTheKeysInTheEnvironmentItPointsAtTheDaemonsFile() {
        Assumptions.assumeTrue(System.getenv("PRIMARY_MACHINE_ID") == null, "the environment configures a group");

        InProcessRun run = InProcessRun.of("status");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("PRIMARY_MACHINE_ID is required",
                "no --config given: pass the daemon's file, e.g. --config /etc/monte-carlo-autoscaler/.env.autoscaler");
    }

    @Test
    void shouldPrintTheStatusWithoutAToken() {
        InProcessRun run = InProcessRun.of("status", "--config", daemon.config().toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("mode normal", "ps-1", "serving", "up 2h30m", "last decision: none", "0 of 2 votes",
                "cost 2026-03:");
    }

    @Test
    void shouldStillRefuseAnActionWithoutTheToken() {
        InProcessRun run = InProcessRun.of("scale", "up", "--config", daemon.config().toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(daemon.requests).isEmpty();
    }

    @Test
    void shouldPrintOneSnapshotPerIntervalSeparatedByABlankLineWhenNotATerminal() {
        InProcessRun run = InProcessRun.of("status", "--watch", "--interval", "1", "--count", "2", "--config",
                daemon.config().toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String[] snapshots = run.stdout().split("\n\n");
        assertThat(snapshots).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("mode normal").contains("last decision"));
        assertThat(run.stdout()).doesNotContain("\033[");
    }

    record Frame(String snapshot, boolean terminal, int shownBefore, String expected) {
    }

    static Stream<Frame> frames() {
        return Stream.of(
                new Frame("a\n", true, 0, "\033[H\033[2Ja\n"),
                new Frame("b\n", true, 3, "\033[H\033[2Jb\n"),
                new Frame("a\n", false, 0, "a\n"),
                new Frame("b\n", false, 1, "\nb\n"));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void shouldRedrawInPlaceOnlyOnATerminal(Frame f) {
        assertThat(StatusCommand.frame(f.snapshot(), f.terminal(), f.shownBefore())).isEqualTo(f.expected());
    }

    record BadWatch(String[] args, String message) {
    }

    static Stream<BadWatch> badWatches() {
        return Stream.of(
                new BadWatch(new String[] {"--watch", "--interval", "0"}, "--interval: got 0; use 1 to 3600 seconds"),
                new BadWatch(new String[] {"--watch", "--interval", "3601"}, "--interval: got 3601; use 1 to 3600 seconds"),
                new BadWatch(new String[] {"--watch", "--count", "0"}, "--count: got 0; use 1 or more, or leave it out to watch until Ctrl-C"),
                new BadWatch(new String[] {"--interval", "5"}, "--interval and --count need --watch"));
    }

    @ParameterizedTest
    @MethodSource("badWatches")
    void shouldRefuseABadWatchNamingTheOption(BadWatch bad) {
        String[] args = Stream.concat(Stream.of("status", "--config", daemon.config().toString()), Stream.of(bad.args()))
                .toArray(String[]::new);

        InProcessRun run = InProcessRun.of(args);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).isEqualTo("mcscale status: " + bad.message()).hasLineCount(1);
    }
}
