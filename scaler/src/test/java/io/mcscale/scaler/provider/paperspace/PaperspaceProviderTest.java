package io.mcscale.scaler.provider.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.mcscale.core.model.Backend;
import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.ProviderException;
import io.mcscale.testkit.MutableClock;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import io.mcscale.testkit.paperspace.FakePaperspaceApi.Fault;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The provider through the real client against the fake v1 API; the fake and the provider's waits share one clock, so nothing really waits. */
class PaperspaceProviderTest {
    static final String KEY = "pskey-9b1e4f7a0c3d58";
    static final Duration START_TIMEOUT = Duration.ofSeconds(600);

    final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    final Sleeper advanceClock = clock::advance;
    FakePaperspaceApi api;

    @BeforeEach
    void startFake() throws Exception {
        api = FakePaperspaceApi.start(KEY, clock);
        api.setTransitionDelays(Duration.ofSeconds(45), Duration.ofSeconds(60));
        api.addMachine("psoff", "off").addMachine("psready", "ready");
    }

    @AfterEach
    void stopFake() {
        api.close();
    }

    PaperspaceProvider provider(String key, Map<String, Backend> addresses) {
        return provider(key, addresses, Duration.ofSeconds(5));
    }

    PaperspaceProvider provider(String key, Map<String, Backend> addresses, Duration maxPoll) {
        var client = new PaperspaceClient(URI.create(api.baseUrl()), key, Duration.ofSeconds(2), Duration.ofSeconds(5),
                new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(120)),
                advanceClock, new SplittableRandom(3));
        return new PaperspaceProvider(client, addresses, 8000, clock, advanceClock, maxPoll);
    }

    PaperspaceProvider provider() {
        return provider(KEY, Map.of());
    }

    @Test
    void startReturnsOnceTheMachineIsReadyWithItsRatesAndAddress() throws Exception {
        Instant before = clock.instant();

        MachineInfo info = provider().start("psoff", START_TIMEOUT);

        assertThat(info.state()).isEqualTo(MachineState.READY);
        assertThat(info.usageRateUsdPerHour()).isEqualTo(0.51);
        assertThat(info.storageRateUsdPerMonth()).isEqualTo(5.0);
        assertThat(info.platformAddress()).contains("10.0.0.10:8000");
        assertThat(Duration.between(before, clock.instant())).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(50));
        assertThat(api.appliedActions("psoff", "start")).isEqualTo(1);
        assertThat(api.count("GET", "/machine-events/evt1")).isPositive();
    }

    @Test
    void restartRebootsAMachineThatIsUpOnceAndReturnsWhenItIsReadyAgain() throws Exception {
        Instant before = clock.instant();

        MachineInfo info = provider().restart("psready", START_TIMEOUT);

        assertThat(info.state()).isEqualTo(MachineState.READY);
        assertThat(Duration.between(before, clock.instant())).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(50));
        assertThat(api.appliedActions("psready", "restart")).isEqualTo(1);
        assertThat(api.appliedActions("psready", "stop")).isZero();
    }

    @Test
    void restartRefusesAMachineThatIsNotUpAndSendsNothing() {
        assertThatThrownBy(() -> provider().restart("psoff", START_TIMEOUT))
                .isInstanceOf(ProviderException.class).hasMessageContaining("psoff is off, not up").hasMessageContaining("start it");

        assertThat(api.count("PATCH", "/machines/psoff/restart")).isZero();
    }

    @Test
    void aConfiguredPlatformAddressWinsOverThePrivateIp() throws Exception {
        MachineInfo info = provider(KEY, Map.of("psready", Backend.parse("gpu-1.internal:9000"))).describe("psready");

        assertThat(info.platformAddress()).contains("gpu-1.internal:9000");
    }

    @Test
    void startingAMachineThatIsReadyOrStartingSendsNothing() throws Exception {
        api.addMachine("psstarting", "off");
        api.setState("psstarting", "starting");

        assertThat(provider().start("psready", START_TIMEOUT).state()).isEqualTo(MachineState.READY);
        assertThat(provider().start("psstarting", Duration.ZERO).state()).isEqualTo(MachineState.STARTING);

        assertThat(api.requests()).noneMatch(r -> r.method().equals("PATCH"));
    }

    @Test
    void stoppingAMachineThatIsOffOrStoppingSendsNothing() throws Exception {
        api.addMachine("psstopping", "off");
        api.setState("psstopping", "stopping");

        assertThat(provider().stop("psoff", START_TIMEOUT).state()).isEqualTo(MachineState.OFF);
        assertThat(provider().stop("psstopping", Duration.ZERO).state()).isEqualTo(MachineState.STOPPING);

        assertThat(api.requests()).noneMatch(r -> r.method().equals("PATCH"));
    }

    @Test
    void stopReturnsOnceTheMachineIsOff() throws Exception {
        MachineInfo info = provider().stop("psready", Duration.ofSeconds(600));

        assertThat(info.state()).isEqualTo(MachineState.OFF);
        assertThat(api.appliedActions("psready", "stop")).isEqualTo(1);
    }

    @Test
    void aMachineStillStoppingIsStartedOnlyOnceItIsOff() throws Exception {
        provider().stop("psready", Duration.ZERO);
        assertThat(api.state("psready")).isEqualTo("stopping");

        assertThat(provider().start("psready", START_TIMEOUT).state()).isEqualTo(MachineState.READY);
        assertThat(api.count("PATCH", "/machines/psready/start")).isEqualTo(1);
    }

    @Test
    void aStartWhoseAnswerIsLostIsNotSentAgain() throws Exception {
        api.enqueue("PATCH", "/machines/psoff/start", Fault.status(500, "Internal error").afterApplying());

        assertThat(provider().start("psoff", START_TIMEOUT).state()).isEqualTo(MachineState.READY);

        assertThat(api.count("PATCH", "/machines/psoff/start")).isEqualTo(1);
        assertThat(api.appliedActions("psoff", "start")).isEqualTo(1);
    }

    @Test
    void aStartWhoseConnectionDropsAfterItHappenedIsNotSentAgain() throws Exception {
        api.enqueue("PATCH", "/machines/psoff/start", Fault.dropConnection().afterApplying());

        assertThat(provider().start("psoff", START_TIMEOUT).state()).isEqualTo(MachineState.READY);

        assertThat(api.count("PATCH", "/machines/psoff/start")).isEqualTo(1);
    }

    @Test
    void aStartRefusedBecauseSomeoneElseStartedTheMachineMeanwhileIsWaitedFor() throws Exception {
        api.enqueue("PATCH", "/machines/psoff/start", Fault.status(400, "Machine is already starting").afterApplying());

        assertThat(provider().start("psoff", START_TIMEOUT).state()).isEqualTo(MachineState.READY);
        assertThat(api.count("PATCH", "/machines/psoff/start")).isEqualTo(1);
    }

    @Test
    void aStartRefusedWhileTheMachineIsStillOffFailsWithTheReason() {
        api.enqueue("PATCH", "/machines/psoff/start", Fault.status(400, "Machine type is not available in this region"));

        assertThatThrownBy(() -> provider().start("psoff", START_TIMEOUT))
                .hasMessageContaining("with 400: Machine type is not available in this region");
        assertThat(api.count("PATCH", "/machines/psoff/start")).isEqualTo(1);
    }

    @Test
    void aStartThatFailedBeforeHappeningIsSentOnceMore() throws Exception {
        api.enqueue("PATCH", "/machines/psoff/start", Fault.status(502, "Bad gateway"));
        api.enqueue("PATCH", "/machines/psoff/start", Fault.tooManyRequests("4"));

        assertThat(provider().start("psoff", START_TIMEOUT).state()).isEqualTo(MachineState.READY);

        assertThat(api.count("PATCH", "/machines/psoff/start")).isEqualTo(3);
        assertThat(api.appliedActions("psoff", "start")).isEqualTo(1);
    }

    @Test
    void aCapacityErrorInTheStartEventFailsTheStartWithPaperspacesReason() {
        api.failNextStart("psoff", "insufficient capacity");

        assertThatThrownBy(() -> provider().start("psoff", START_TIMEOUT))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("could not start machine psoff: insufficient capacity");
        assertThat(api.state("psoff")).isEqualTo("off");
        assertThat(api.appliedActions("psoff", "start")).isEqualTo(1);
    }

    @Test
    void aStartThatIsNotReadyInTimeFailsWithTheLastState() {
        api.setTransitionDelays(Duration.ofSeconds(900), Duration.ofSeconds(60));
        Instant before = clock.instant();

        // Polls back off to once a minute here, to keep the request count (and the test) small.
        assertThatThrownBy(() -> provider(KEY, Map.of(), Duration.ofSeconds(60)).start("psoff", START_TIMEOUT))
                .hasMessageContaining("machine psoff was not ready within 600 s of being started; it is starting");
        assertThat(clock.instant()).isEqualTo(before.plus(START_TIMEOUT));
    }

    @Test
    void theApiKeyNeverAppearsInLogsOrErrors() {
        Logger root = (Logger) LoggerFactory.getLogger("io.mcscale");
        Level previous = root.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        String wrongKey = "psbadkey-77aa88bb99cc";
        StringBuilder errors = new StringBuilder();
        try {
            api.enqueue("GET", "/machines/psoff", Fault.dropConnection());
            api.enqueue("PATCH", "/machines/psoff/start", Fault.status(500, "Internal error").afterApplying());
            api.enqueue("GET", "/machines/psoff", Fault.tooManyRequests("1"));
            provider().start("psoff", START_TIMEOUT);
            provider().stop("psready", START_TIMEOUT);
            for (PaperspaceProvider failing : new PaperspaceProvider[] {provider(wrongKey, Map.of()), provider()}) {
                try {
                    failing.describe("psmissing");
                } catch (ProviderException e) {
                    errors.append(e.getMessage()).append('\n');
                }
            }
        } catch (ProviderException e) {
            throw new AssertionError(e);
        } finally {
            root.detachAppender(appender);
            root.setLevel(previous);
        }

        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list).allSatisfy(event -> {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).doesNotContain(KEY).doesNotContain(wrongKey);
        });
        assertThat(errors.toString()).contains("psba****").doesNotContain(wrongKey).doesNotContain(KEY);
    }
}
