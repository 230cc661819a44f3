package io.mcscale.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MetricSampleTest {
    private static final String SIX_KEYS = """
            {"active_users": 7, "cpu_usage": 72.5, "memory_usage": 41.0, "gpu_usage": null,
             "simulation_queue_length": 3, "avg_response_time": 1250.0}""";

    @Test
    void shouldAcceptABackendThatReportsOnlyTheSixContractKeys() {
        MetricSample sample = MetricSample.parseJson(SIX_KEYS);

        assertThat(sample).isEqualTo(MetricSample.of(7, 72.5, 41.0, OptionalDouble.empty(), 3, 1250.0));
        assertThat(sample.runningSimulations()).isEmpty();
        assertThat(sample.instanceId()).isEmpty();
        assertThat(sample.workers()).isEmpty();
    }

    @Test
    void shouldReadOurPlatformsExtrasAndIgnoreKeysItDoesNotKnow() {
        MetricSample sample = MetricSample.parseJson("""
                {"active_users": 2, "cpu_usage": 10, "memory_usage": 20, "gpu_usage": 55.5,
                 "simulation_queue_length": 0, "avg_response_time": 80, "instance_id": "ps2",
                 "running_simulations": 4, "draining": true, "response_time_p95_ms": 300,
                 "uptime_seconds": 12, "version": "0.1.0", "workers": 8, "something_new": {"nested": [1, 2]}}""");

        assertThat(sample.gpuUsage()).hasValue(55.5);
        assertThat(sample.runningSimulations()).isEqualTo(OptionalInt.of(4));
        assertThat(sample.draining()).contains(true);
        assertThat(sample.instanceId()).contains("ps2");
        assertThat(sample.workers()).isEqualTo(OptionalInt.of(8));
    }

    /** How a platform reports GPU, and whether GPU then votes. */
    record GpuCase(String why, String gpuKeys, OptionalDouble votingGpu, OptionalInt gpuCount) {
        @Override
        public String toString() {
            return why;
        }
    }

    static List<GpuCase> gpuCases() {
        return List.of(
                new GpuCase("our platform without a GPU: 0 of 0 GPUs is left out", "\"gpu_usage\": 0.0, \"gpu_count\": 0",
                        OptionalDouble.empty(), OptionalInt.of(0)),
                new GpuCase("gpu_count 0 leaves GPU out whatever gpu_usage says", "\"gpu_usage\": 12.5, \"gpu_count\": 0",
                        OptionalDouble.empty(), OptionalInt.of(0)),
                new GpuCase("our platform with two GPUs votes with their mean", "\"gpu_usage\": 55.5, \"gpu_count\": 2",
                        OptionalDouble.of(55.5), OptionalInt.of(2)),
                new GpuCase("an idle GPU votes as 0", "\"gpu_usage\": 0, \"gpu_count\": 1",
                        OptionalDouble.of(0), OptionalInt.of(1)),
                new GpuCase("another platform's null is left out", "\"gpu_usage\": null",
                        OptionalDouble.empty(), OptionalInt.empty()),
                new GpuCase("another platform that omits gpu_usage is left out", "\"other\": 1",
                        OptionalDouble.empty(), OptionalInt.empty()),
                new GpuCase("a null count with a number still votes (the prototype sends no count)", "\"gpu_usage\": 30, \"gpu_count\": null",
                        OptionalDouble.of(30), OptionalInt.empty()),
                new GpuCase("a GPU count with a null use is left out", "\"gpu_usage\": null, \"gpu_count\": 1",
                        OptionalDouble.empty(), OptionalInt.of(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gpuCases")
    void shouldLeaveGpuOutOfTheVotesUnlessAGpuIsReported(GpuCase c) {
        MetricSample sample = MetricSample.parseJson("{\"active_users\": 1, \"cpu_usage\": 1, \"memory_usage\": 1, "
                + c.gpuKeys() + ", \"simulation_queue_length\": 0, \"avg_response_time\": 5}");

        assertThat(sample.gpuUsage()).isEqualTo(c.votingGpu());
        assertThat(sample.gpuCount()).isEqualTo(c.gpuCount());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a missing key is an error, not a zero | {\"active_users\": 1, \"cpu_usage\": 1, \"memory_usage\": 1, \"gpu_usage\": null, \"simulation_queue_length\": 0} | metrics lack the key avg_response_time",
        "a gpu count that is not a whole number is refused | {\"active_users\": 1, \"cpu_usage\": 1, \"memory_usage\": 1, \"gpu_usage\": 0, \"gpu_count\": \"none\", \"simulation_queue_length\": 0, \"avg_response_time\": 5} | gpu_count must be a whole number, got \"none\"",
        "a negative worker count is refused | {\"active_users\": 1, \"cpu_usage\": 1, \"memory_usage\": 1, \"gpu_usage\": 0, \"workers\": -2, \"simulation_queue_length\": 0, \"avg_response_time\": 5} | workers must be >= 0, got -2",
        "a negative gpu count is refused | {\"active_users\": 1, \"cpu_usage\": 1, \"memory_usage\": 1, \"gpu_usage\": 0, \"gpu_count\": -1, \"simulation_queue_length\": 0, \"avg_response_time\": 5} | gpu_count must be >= 0, got -1",
        "a string gpu is refused | {\"active_users\": 1, \"cpu_usage\": 1, \"memory_usage\": 1, \"gpu_usage\": \"n/a\", \"simulation_queue_length\": 0, \"avg_response_time\": 5} | gpu_usage must be a number or null, got \"n/a\"",
        "a string number is refused | {\"active_users\": \"7\", \"cpu_usage\": 1, \"memory_usage\": 1, \"gpu_usage\": null, \"simulation_queue_length\": 0, \"avg_response_time\": 5} | active_users must be a whole number, got \"7\"",
        "a null cpu is refused | {\"active_users\": 1, \"cpu_usage\": null, \"memory_usage\": 1, \"gpu_usage\": null, \"simulation_queue_length\": 0, \"avg_response_time\": 5} | cpu_usage must be a number, got null",
        "a fractional user count is refused | {\"active_users\": 1.5, \"cpu_usage\": 1, \"memory_usage\": 1, \"gpu_usage\": null, \"simulation_queue_length\": 0, \"avg_response_time\": 5} | active_users must be a whole number, got 1.5",
        "cpu above 100 is refused | {\"active_users\": 1, \"cpu_usage\": 140, \"memory_usage\": 1, \"gpu_usage\": null, \"simulation_queue_length\": 0, \"avg_response_time\": 5} | cpu_usage must be a percentage 0-100, got 140.0",
        "a negative queue is refused | {\"active_users\": 1, \"cpu_usage\": 1, \"memory_usage\": 1, \"gpu_usage\": null, \"simulation_queue_length\": -2, \"avg_response_time\": 5} | simulation_queue_length must be >= 0, got -2",
        "an array is refused | [1, 2] | metrics body must be a JSON object",
        "html is refused | <html>502 Bad Gateway</html> | metrics body is not JSON",
    })
    void shouldRejectMalformedMetricsWithAClearError(String why, String body, String message) {
        assertThatThrownBy(() -> MetricSample.parseJson(body))
                .isInstanceOf(MalformedMetricsException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldSumUsersAndQueueAndAverageTheRest() {
        GroupMetrics group = GroupMetrics.aggregate(List.of(
                MetricSample.of(5, 80, 50, OptionalDouble.of(90), 4, 3000),
                MetricSample.of(2, 40, 30, OptionalDouble.of(30), 3, 1000)));

        assertThat(group).isEqualTo(new GroupMetrics(2, 7, 60, OptionalDouble.of(60), 7, 2000));
    }

    @Test
    void shouldAverageGpuOnlyOverInstancesThatReportOne() {
        GroupMetrics mixed = GroupMetrics.aggregate(List.of(
                MetricSample.of(1, 10, 10, OptionalDouble.of(70), 0, 100),
                MetricSample.of(1, 10, 10, OptionalDouble.empty(), 0, 100)));
        GroupMetrics none = GroupMetrics.aggregate(List.of(MetricSample.of(1, 10, 10, OptionalDouble.empty(), 0, 100)));

        assertThat(mixed.gpuUsage()).hasValue(70);
        assertThat(none.gpuUsage()).isEmpty();
    }

    private static final String SIX_KEYS_AND = "{\"active_users\": 1, \"cpu_usage\": 1, \"memory_usage\": 1, \"gpu_usage\": null, "
            + "\"simulation_queue_length\": 0, \"avg_response_time\": 5, ";

    static String tierJson(int users, int queue, double avgWait, double p95) {
        return "{\"active_users\":" + users + ",\"simulation_queue_length\":" + queue + ",\"avg_wait_seconds\":" + avgWait
                + ",\"wait_p95_seconds\":" + p95 + "}";
    }

    @Test
    void shouldReadEachTiersUsersQueueAndWaits() {
        MetricSample sample = MetricSample.parseJson(SIX_KEYS_AND + "\"tiers\": {\"free\": " + tierJson(3, 2, 4.5, 9)
                + ", \"pro\": " + tierJson(1, 0, 0.5, 0.8) + ", \"enterprise\": " + tierJson(2, 1, 1.25, 2.5)
                + ", \"platinum\": {\"anything\": true}}}");

        TierMetrics tiers = sample.tiers().orElseThrow();
        assertThat(tiers.instances()).isEqualTo(1);
        assertThat(tiers.load(UserTier.FREE)).isEqualTo(new TierLoad(3, 2, 4.5, 9));
        assertThat(tiers.load(UserTier.PRO)).isEqualTo(new TierLoad(1, 0, 0.5, 0.8));
        assertThat(tiers.load(UserTier.ENTERPRISE)).isEqualTo(new TierLoad(2, 1, 1.25, 2.5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an older platform sends no tiers | \"other\": 1",
        "a null tiers is no tier data | \"tiers\": null",
    })
    void shouldHaveNoTierDataNotZerosWhenTiersAreNotReported(String why, String keys) {
        MetricSample sample = MetricSample.parseJson(SIX_KEYS_AND + keys + "}");

        assertThat(sample.tiers()).isEmpty();
        assertThat(GroupMetrics.aggregate(List.of(sample)).tiers()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "tiers that are not an object | \"tiers\": [1] | tiers must be an object with free, pro and enterprise, got [1]",
        "a tier that is not an object | \"tiers\": {\"free\": 1} | tiers.free must be an object of active_users, simulation_queue_length, avg_wait_seconds and wait_p95_seconds, got 1",
        "a tier left out | \"tiers\": {} | tiers.free must be an object of active_users, simulation_queue_length, avg_wait_seconds and wait_p95_seconds, got nothing",
        "a tier without its wait | \"tiers\": {\"free\": {\"active_users\": 1, \"simulation_queue_length\": 0, \"wait_p95_seconds\": 0}} | metrics lack the key tiers.free.avg_wait_seconds",
        "a string user count | \"tiers\": {\"free\": {\"active_users\": \"2\", \"simulation_queue_length\": 0, \"avg_wait_seconds\": 0, \"wait_p95_seconds\": 0}} | tiers.free.active_users must be a whole number, got \"2\"",
        "a negative wait | \"tiers\": {\"free\": {\"active_users\": 0, \"simulation_queue_length\": 0, \"avg_wait_seconds\": -1, \"wait_p95_seconds\": 0}} | tiers.free.avg_wait_seconds must be a number of seconds >= 0, got -1.0",
    })
    void shouldRejectMalformedTiersNamingTheField(String why, String keys, String message) {
        assertThatThrownBy(() -> MetricSample.parseJson(SIX_KEYS_AND + keys + "}"))
                .isInstanceOf(MalformedMetricsException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldSumTierUsersAndQueuesAndTakeTheLongestWaits() {
        MetricSample one = MetricSample.of(1, 10, 10, OptionalDouble.empty(), 0, 100).withTiers(TierMetrics.ofOneInstance(
                Map.of(UserTier.ENTERPRISE, new TierLoad(2, 1, 0.4, 3.0), UserTier.FREE, new TierLoad(5, 4, 6, 8))));
        MetricSample two = MetricSample.of(1, 10, 10, OptionalDouble.empty(), 0, 100).withTiers(TierMetrics.ofOneInstance(
                Map.of(UserTier.ENTERPRISE, new TierLoad(1, 2, 1.5, 1.0))));
        MetricSample older = MetricSample.of(1, 10, 10, OptionalDouble.empty(), 0, 100);

        TierMetrics tiers = GroupMetrics.aggregate(List.of(one, two, older)).tiers().orElseThrow();

        assertThat(tiers.load(UserTier.ENTERPRISE)).isEqualTo(new TierLoad(3, 3, 1.5, 3.0));
        assertThat(tiers.load(UserTier.FREE)).isEqualTo(new TierLoad(5, 4, 6, 8));
        assertThat(tiers.load(UserTier.PRO)).isEqualTo(TierLoad.IDLE);
        assertThat(tiers.instances()).as("the older platform's instance reported no tiers").isEqualTo(2);
    }

    @Test
    void shouldRefuseToAggregateNothing() {
        assertThatThrownBy(() -> GroupMetrics.aggregate(List.of())).hasMessageContaining("zero instances");
    }
}
