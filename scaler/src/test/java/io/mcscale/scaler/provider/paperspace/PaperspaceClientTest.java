package io.mcscale.scaler.provider.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.testkit.MutableClock;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import io.mcscale.testkit.paperspace.FakePaperspaceApi.Fault;
import io.mcscale.testkit.net.StallingHttpServer;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaperspaceClientTest {
    static final String KEY = "pskey-5f3a9c0d2e7b41";

    final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();
    FakePaperspaceApi api;

    @BeforeEach
    void startFake() throws Exception {
        api = FakePaperspaceApi.start(KEY, clock);
        api.addMachine("ps1", "ready").addMachine("ps2", "off");
    }

    @AfterEach
    void stopFake() {
        api.close();
    }

    PaperspaceClient client(String key, int maxAttempts, Duration readTimeout) {
        return new PaperspaceClient(URI.create(api.baseUrl()), key, Duration.ofSeconds(2), readTimeout,
                new RetryPolicy(maxAttempts, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(120)),
                sleeps::add, new SplittableRandom(7));
    }

    PaperspaceClient client() {
        return client(KEY, 4, Duration.ofSeconds(5));
    }

    @Test
    void readsTheMachineFieldsWithBearerAuthOnTheV1Path() throws Exception {
        PaperspaceMachine machine = client().getMachine("ps1");

        assertThat(machine.state()).isEqualTo("ready");
        assertThat(machine.machineType()).isEqualTo("P4000");
        assertThat(machine.usageRate()).isEqualTo(0.51);
        assertThat(machine.storageRate()).isEqualTo(5.0);
        assertThat(machine.privateIp()).isEqualTo("10.0.0.10");
        assertThat(api.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/machines/ps1");
            assertThat(r.authorized()).isTrue();
        });
    }

    @Test
    void startSendsAPatchWithAnEmptyObjectAndReturnsTheEvent() throws Exception {
        MachineAction action = client().start("ps2");

        assertThat(action.machine().state()).isEqualTo("starting");
        assertThat(action.event().state()).isEqualTo("new");
        assertThat(api.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.path()).isEqualTo("/machines/ps2/start");
            assertThat(r.body()).isEqualTo("{}");
        });
        clock.advanceSeconds(31);
        assertThat(client().getEvent(action.event().id()).state()).isEqualTo("done");
    }

    @Test
    void listingFollowsNextPageUntilHasMoreIsFalse() throws Exception {
        IntStream.rangeClosed(3, 250).forEach(i -> api.addMachine("ps" + i, "off"));

        List<PaperspaceMachine> machines = client().listMachines();

        assertThat(machines).extracting(PaperspaceMachine::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 250).mapToObj(i -> "ps" + i).toList());
        assertThat(api.count("GET", "/machines")).isEqualTo(3);
        assertThat(api.requests().get(1).query()).isEqualTo("limit=100&after=ps100");
    }

    @Test
    void aRefusedKeyIsReportedWithOnlyItsFirstFourCharacters() {
        String wrongKey = "pswrong-0123456789abcdef";

        assertThatThrownBy(() -> client(wrongKey, 4, Duration.ofSeconds(5)).getMachine("ps1"))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("refused the API key pswr****")
                .hasMessageContaining("PAPERSPACE_API_KEY")
                .hasMessageNotContaining("pswrong")
                .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isFalse());
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void anUnknownMachineIsNamedInTheError() {
        assertThatThrownBy(() -> client().getMachine("psnope"))
                .hasMessageContaining("no machine 'psnope'")
                .hasMessageContaining("PRIMARY_MACHINE_ID");
    }

    @Test
    void retryAfterIsHonouredOnA429() throws Exception {
        api.enqueue("GET", "/machines/ps1", Fault.tooManyRequests("7"));

        assertThat(client().getMachine("ps1").state()).isEqualTo("ready");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
        assertThat(api.count("GET", "/machines/ps1")).isEqualTo(2);
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateIsHonoured() throws Exception {
        String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        api.enqueue("GET", "/machines/ps1", Fault.tooManyRequests(inThirtySeconds));

        assertThat(client().getMachine("ps1").state()).isEqualTo("ready");
        assertThat(sleeps).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30)));
    }

    @Test
    void restartGoesThroughRestartingBackToReady() throws Exception {
        assertThat(client().restart("ps1").machine().state()).isEqualTo("restarting");

        clock.advanceSeconds(30);
        assertThat(client().getMachine("ps1").state()).isEqualTo("ready");
        assertThat(api.appliedActions("ps1", "restart")).isEqualTo(1);
    }

    @Test
    void aRetryAfterLongerThanWeWaitFailsAtOnce() {
        api.enqueue("GET", "/machines/ps1", Fault.tooManyRequests("3600"));

        assertThatThrownBy(() -> client().getMachine("ps1")).hasMessageContaining("rate limiting");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void serverErrorsAndDroppedConnectionsOnReadsAreRetriedWithGrowingBackoff() throws Exception {
        api.enqueue("GET", "/machines/ps1", Fault.status(500, "Internal error"));
        // The JDK client quietly re-sends a GET once on a dropped connection, so it takes two drops to reach us.
        api.enqueue("GET", "/machines/ps1", Fault.dropConnection());
        api.enqueue("GET", "/machines/ps1", Fault.dropConnection());
        api.enqueue("GET", "/machines/ps1", Fault.status(503, "Unavailable"));

        assertThat(client().getMachine("ps1").state()).isEqualTo("ready");
        assertThat(sleeps).hasSize(3);
        // Exponential with jitter in [50%, 100%): 200 ms, 400 ms, 800 ms scaled.
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void retriesAreBounded() {
        IntStream.range(0, 4).forEach(i -> api.enqueue("GET", "/machines/ps1", Fault.status(500, "Internal error")));

        assertThatThrownBy(() -> client().getMachine("ps1"))
                .hasMessageContaining("with 500: Internal error (after 4 attempts)")
                .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isTrue());
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void aSlowAnswerTimesOutAndIsReported() {
        api.enqueue("GET", "/machines/ps1", Fault.slow(Duration.ofSeconds(2)));
        api.enqueue("GET", "/machines/ps1", Fault.slow(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> client(KEY, 2, Duration.ofMillis(250)).getMachine("ps1"))
                .hasMessageContaining("did not answer GET /machines/ps1 within");
    }

    @Test
    void actionsAreNotRetriedAfterAServerErrorBecauseTheyMayHaveHappened() {
        api.enqueue("PATCH", "/machines/ps2/start", Fault.status(500, "Internal error").afterApplying());

        assertThatThrownBy(() -> client().start("ps2"))
                .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isTrue());
        assertThat(api.count("PATCH", "/machines/ps2/start")).isEqualTo(1);
        assertThat(api.appliedActions("ps2", "start")).isEqualTo(1);
    }

    @Test
    void actionsAreRetriedAfterA429BecausePaperspaceDidNothing() throws Exception {
        api.enqueue("PATCH", "/machines/ps2/start", Fault.tooManyRequests("2"));

        assertThat(client().start("ps2").machine().state()).isEqualTo("starting");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(api.appliedActions("ps2", "start")).isEqualTo(1);
    }

    @Test
    void aStalledBodyEndsAtTheReadDeadlineAndIsRetriedForReadsOnly() throws Exception {
        try (StallingHttpServer stalled = new StallingHttpServer()) {
            PaperspaceClient client = new PaperspaceClient(URI.create(stalled.baseUrl()), KEY, Duration.ofSeconds(2),
                    Duration.ofMillis(300), new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(120)),
                    sleeps::add, new SplittableRandom(7));

            // Headers arrive at once and the body never ends: only an overall deadline gets the caller back.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertThatThrownBy(() -> client.getMachine("ps1"))
                        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
                        .hasMessageContaining("did not answer GET /machines/ps1 within 300 ms");
                assertThatThrownBy(() -> client.start("ps2")).isInstanceOf(ProviderException.class);
            });
            assertThat(stalled.requests()).isEqualTo(3);
        }
    }
}
