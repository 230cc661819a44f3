package io.mcscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.core.model.InstanceGroup;
import io.mcscale.core.model.InstanceSpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MachineCommandTest {
    static final InstanceGroup PAIR = new InstanceGroup(InstanceSpec.of("ps1"), List.of(InstanceSpec.of("ps2")));
    static final InstanceGroup POOL = new InstanceGroup(InstanceSpec.of("ps1"), List.of(InstanceSpec.of("ps2"), InstanceSpec.of("ps3")));

    @ParameterizedTest
    @CsvSource({"primary, ps1", "PRIMARY, ps1", "secondary, ps2", "secondary1, ps2", "ps2, ps2", "ps1, ps1"})
    void rolesAndConfiguredIdsNameAMachine(String machine, String id) {
        assertThat(MachineCommand.resolve(PAIR, machine)).isEqualTo(id);
    }

    @Test
    void aPoolNeedsTheSecondarysNumber() {
        assertThat(MachineCommand.resolve(POOL, "secondary2")).isEqualTo("ps3");
        assertThatThrownBy(() -> MachineCommand.resolve(POOL, "secondary")).hasMessageContaining("ambiguous");
        assertThatThrownBy(() -> MachineCommand.resolve(POOL, "secondary3")).hasMessageContaining("there are 2 secondaries");
    }

    @Test
    void anUnconfiguredIdIsRefusedSoATypoNeverStartsAMachine() {
        assertThatThrownBy(() -> MachineCommand.resolve(PAIR, "ps9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MACHINE 'ps9' is not configured");
    }

    @Test
    void anUnknownActionIsAUsageError() {
        assertThat(Main.execute("machine", "reboot", "primary")).isEqualTo(2);
    }
}
