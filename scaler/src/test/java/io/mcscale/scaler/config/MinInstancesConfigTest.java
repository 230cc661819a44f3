package io.mcscale.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MIN_INSTANCES: from the primary alone (the default) to every machine of the group, and a clear problem beyond. */
class MinInstancesConfigTest {
    record Case(String why, String secondaries, String minInstances, Integer expectedMin, String problem) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("the default keeps only the primary on", "ps-2", null, 1, null),
                new Case("the guide's 3-10 group", "ps-2,ps-3,ps-4,ps-5,ps-6,ps-7,ps-8,ps-9,ps-10", "3", 3, null),
                new Case("every machine kept on", "ps-2,ps-3", "3", 3, null),
                new Case("more than the group has", "ps-2,ps-3", "4", null,
                        "MIN_INSTANCES=4 is not allowed: use 1 to 3 (the primary plus the 2 secondaries)"),
                new Case("zero", "ps-2", "0", null, "MIN_INSTANCES=0 (environment) is not allowed: use a whole number 1-1000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsTheFirstSecondariesOnUpToTheGroupsSize(Case c) {
        var environment = new java.util.HashMap<>(Map.of("PROVIDER", "local", "PRIMARY_MACHINE_ID", "ps-1",
                "SECONDARY_MACHINE_ID", c.secondaries(), "PRIMARY_URL", "http://127.0.0.1:8001",
                "SECONDARY_URL", String.join(",", c.secondaries().split(",")).replaceAll("ps-([0-9]+)", "http://127.0.0.1:80$1")));
        if (c.minInstances() != null) {
            environment.put("MIN_INSTANCES", c.minInstances());
        }

        ConfigCheck check = AutoscalerConfig.check(Optional.empty(), environment);

        if (c.problem() == null) {
            assertThat(check.problems()).isEmpty();
            var group = check.config().orElseThrow().group();
            assertThat(group.minInstances()).isEqualTo(c.expectedMin());
            assertThat(group.secondaries()).filteredOn(s -> group.isBase(s.machineId())).hasSize(c.expectedMin() - 1);
        } else {
            assertThat(check.problems()).anySatisfy(p -> assertThat(p).startsWith(c.problem()));
        }
    }
}
