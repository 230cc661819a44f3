package io.mcscale.scaler.provider.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.provider.Availability;
import io.mcscale.scaler.provider.CapacityException;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.ProviderRetry;
import io.mcscale.testkit.MutableClock;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import io.mcscale.testkit.paperspace.FakePaperspaceApi.Fault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Regions, {@code /machine-availability}, capacity refusals and the retries the client reports, over the wire to the fake v1 API. */
class PaperspaceCapacityTest {
    static final String KEY = "pskey-9b1e4f7a0c3d58";
    static final String WEST = "West Coast (CA1)";

    final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    final Sleeper advanceClock = clock::advance;
    FakePaperspaceApi api;
    PaperspaceProvider provider;

    @BeforeEach
    void startFake() throws Exception {
        api = FakePaperspaceApi.start(KEY, clock);
        api.addMachine("ps-east", "off").addMachine("ps-west", "off").setRegion("ps-west", WEST);
        var client = new PaperspaceClient(URI.create(api.baseUrl()), KEY, Duration.ofSeconds(2), Duration.ofSeconds(5),
                new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(120)),
                advanceClock, new SplittableRandom(3));
        provider = new PaperspaceProvider(client, Map.of(), 8000, clock, advanceClock, Duration.ofSeconds(5));
    }

    @AfterEach
    void stopFake() {
        api.close();
    }

    @Test
    void describeReportsTheMachinesRegionAndTypeAsPaperspaceWordsThem() throws Exception {
        MachineInfo west = provider.describe("ps-west");

        assertThat(west.region()).contains(WEST);
        assertThat(west.machineType()).contains("P4000");
        assertThat(provider.describe("ps-east").region()).contains("ny2");
    }

    @Test
    void availabilityAsksForTheMachinesOwnTypeAndRegion() throws Exception {
        api.setAvailable("P4000", "ny2", false);

        Availability east = provider.availability("ps-east");
        Availability west = provider.availability("ps-west");

        assertThat(east.status()).isEqualTo(Availability.Status.UNAVAILABLE);
        assertThat(east.detail()).contains("P4000 in ny2", "unavailable");
        assertThat(west.status()).isEqualTo(Availability.Status.AVAILABLE);
        assertThat(api.requests()).filteredOn(r -> r.path().equals("/machine-availability"))
                .extracting(FakePaperspaceApi.RecordedRequest::query)
                .containsExactly("machineType=P4000&region=ny2", "machineType=P4000&region=West+Coast+%28CA1%29");
    }

    @Test
    void aStartRefusedForCapacityIsACapacityErrorWithPaperspacesMessageAndIsNotRetried() {
        api.refuseStartsForCapacity("ny2", "Insufficient capacity for P4000 in ny2");

        assertThatThrownBy(() -> provider.start("ps-east", Duration.ZERO))
                .isInstanceOf(CapacityException.class)
                .hasMessageContaining("Insufficient capacity for P4000 in ny2");
        assertThat(api.count("PATCH", "/machines/ps-east/start")).isEqualTo(1);
        assertThat(api.state("ps-east")).isEqualTo("off");
    }

    @Test
    void aStartWhoseEventEndsInErrorReportsWhyOnceTheMachineFellBackToOff() throws Exception {
        api.failNextStart("ps-east", "insufficient capacity");

        assertThat(provider.start("ps-east", Duration.ZERO).state()).isEqualTo(MachineState.STARTING);
        assertThat(provider.startFailure("ps-east")).isEmpty();
        clock.advance(Duration.ofSeconds(31));

        assertThat(provider.describe("ps-east").state()).isEqualTo(MachineState.OFF);
        assertThat(provider.startFailure("ps-east")).contains("insufficient capacity");
    }

    @Test
    void aMachineKeptOffAfterItsStartReadsOffUntilPaperspaceMovesIt() throws Exception {
        api.keepOffAfterStart("ps-east", true);

        assertThat(provider.start("ps-east", Duration.ZERO).state()).isEqualTo(MachineState.OFF);
        clock.advance(Duration.ofMinutes(10));
        assertThat(provider.describe("ps-east").state()).isEqualTo(MachineState.OFF);
        assertThat(provider.startFailure("ps-east")).isEmpty();

        api.setState("ps-east", "ready");
        assertThat(provider.describe("ps-east").state()).isEqualTo(MachineState.READY);
    }

    @Test
    void retriedActionsAndCapacityChecksAreReportedOnceEachAndRetriedReadsAreNot() throws Exception {
        api.enqueue("GET", "/machines/ps-east", Fault.status(502, "bad gateway"));
        api.enqueue("PATCH", "/machines/ps-east/start", Fault.tooManyRequests("1"));
        api.enqueue("GET", "/machine-availability", Fault.status(500, "upstream hiccup"));

        provider.availability("ps-east");
        provider.start("ps-east", Duration.ZERO);
        List<ProviderRetry> retries = provider.takeRetries();

        assertThat(retries).extracting(ProviderRetry::call, ProviderRetry::attempt)
                .containsExactly(
                        tuple("GET /machine-availability?machineType=P4000&region=ny2", 1),
                        tuple("PATCH /machines/ps-east/start", 1));
        assertThat(retries.get(1).machineId()).isEqualTo("ps-east");
        assertThat(retries.get(1).describe()).contains("429", "attempt 1 of 4", "retried");
        assertThat(provider.takeRetries()).isEmpty();
        assertThat(api.count("GET", "/machines/ps-east")).as("the read was retried, only not reported").isGreaterThanOrEqualTo(3);
    }
}
