package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/mcscale machine} as a user runs it, against the fake v1 API through PAPERSPACE_API_URL. */
class MachineCommandPaperspaceIT {
    static final String KEY = "psit-1f2e3d4c5b6a7988";

    @TempDir
    Path dir;
    FakePaperspaceApi api;
    Path config;

    @BeforeEach
    void setUp() throws IOException {
        // Real, short transitions: the command runs in its own JVM on the system clock.
        api = FakePaperspaceApi.start(KEY);
        api.setTransitionDelays(Duration.ofMillis(300), Duration.ofMillis(300));
        api.addMachine("psprimary", "ready").addMachine("pssecondary", "off", "10.0.0.22", 0.51, 5.0);
        config = dir.resolve(".env.autoscaler");
        Files.writeString(config, String.join("\n",
                "PAPERSPACE_API_KEY=" + KEY,
                "PRIMARY_MACHINE_ID=psprimary",
                "SECONDARY_MACHINE_ID=pssecondary",
                "DATA_DIR=" + dir.resolve("data"),
                "START_TIMEOUT_SECONDS=30",
                "STOP_TIMEOUT_SECONDS=30",
                ""));
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void startsShowsAndStopsTheSecondary() throws Exception {
        BinMcscale.Result status = mcscale("machine", "status", "secondary", "--config", config.toString());
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).startsWith("off 0.51 USD/h pssecondary").contains("platform 10.0.0.22:8000");

        BinMcscale.Result start = mcscale("machine", "start", "secondary", "--config", config.toString());
        assertThat(start.exitCode()).as(start.stderr()).isZero();
        assertThat(start.stdout()).startsWith("ready ").contains("pssecondary");
        assertThat(api.state("pssecondary")).isEqualTo("ready");

        BinMcscale.Result again = mcscale("machine", "start", "pssecondary", "--config", config.toString());
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(api.count("PATCH", "/machines/pssecondary/start")).isEqualTo(1);

        BinMcscale.Result stop = mcscale("machine", "stop", "secondary", "--config", config.toString());
        assertThat(stop.exitCode()).as(stop.stderr()).isZero();
        assertThat(stop.stdout()).startsWith("off ").contains("pssecondary");
        assertThat(api.state("pssecondary")).isEqualTo("off");
        assertThat(api.requests()).allMatch(FakePaperspaceApi.RecordedRequest::authorized);
    }

    @Test
    void aFailedStartExitsNonZeroWithPaperspacesReason() throws Exception {
        api.failNextStart("pssecondary", "insufficient capacity");

        BinMcscale.Result start = mcscale("machine", "start", "secondary", "--config", config.toString());

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.stderr()).contains("insufficient capacity").doesNotContain(KEY);
    }

    @Test
    void stopRefusesTheMachineTheScalerRunsOnUnlessForced() throws Exception {
        List<String> guideLayout = List.of("PRIMARY_URL=http://127.0.0.1:8000");

        BinMcscale.Result refused = mcscale(guideLayout, "machine", "stop", "primary", "--config", config.toString());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains("machine psprimary (PRIMARY_URL's host 127.0.0.1 is this machine) runs the scaler",
                "--force").doesNotContain("Exception");
        assertThat(api.count("PATCH", "/machines/psprimary/stop")).isZero();

        BinMcscale.Result forced = mcscale(guideLayout, "machine", "stop", "primary", "--force", "--config", config.toString());

        assertThat(forced.exitCode()).as(forced.stderr()).isZero();
        assertThat(api.count("PATCH", "/machines/psprimary/stop")).isEqualTo(1);
        assertThat(api.state("psprimary")).isEqualTo("off");
    }

    @Test
    void aRefusedKeyIsReportedWithoutRevealingIt() throws Exception {
        BinMcscale.Result status = mcscale(List.of("PAPERSPACE_API_KEY=psrefused-00112233"), "machine", "status", "primary", "--config", config.toString());

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.stderr()).contains("refused the API key psre****").doesNotContain("psrefused-00112233");
    }

    private BinMcscale.Result mcscale(String... args) throws Exception {
        return mcscale(List.of(), args);
    }

    /** Runs bin/mcscale with PAPERSPACE_API_URL pointing at the fake, plus {@code env} (KEY=VALUE) overrides. */
    private BinMcscale.Result mcscale(List<String> env, String... args) throws Exception {
        return BinMcscale.run(environment -> {
            environment.remove("PAPERSPACE_API_KEY");
            environment.put("PAPERSPACE_API_URL", api.baseUrl());
            for (String pair : env) {
                int eq = pair.indexOf('=');
                environment.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }, args);
    }
}
