package io.mcscale.scaler.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's layout on the Paperspace fake: the scaler on the primary, PRIMARY_URL on loopback. */
class SelfProtectingProviderTest {
    static final String KEY = "psguard-5e6f7a8b9c";

    @TempDir
    Path dir;

    private AutoscalerConfig guideLayout(FakePaperspaceApi api, Map<String, String> more) {
        var env = new java.util.HashMap<>(Map.of(
                "PAPERSPACE_API_KEY", KEY,
                "PAPERSPACE_API_URL", api.baseUrl(),
                "PRIMARY_MACHINE_ID", "ps1",
                "PRIMARY_URL", "http://127.0.0.1:8000",
                "SECONDARY_MACHINE_ID", "ps2",
                "DATA_DIR", dir.toString()));
        env.putAll(more);
        return AutoscalerConfig.fromEnvironment(env);
    }

    @Test
    void theProviderNeverSendsAStopOrRestartForTheMachineTheScalerRunsOn() throws Exception {
        try (FakePaperspaceApi api = FakePaperspaceApi.start(KEY)) {
            api.addMachine("ps1", "ready").addMachine("ps2", "ready");
            MachineProvider provider = MachineProviders.create(guideLayout(api, Map.of()), dir);

            assertThatThrownBy(() -> provider.stop("ps1", Duration.ZERO)).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("refusing to stop machine ps1 (PRIMARY_URL's host 127.0.0.1 is this machine)");
            assertThatThrownBy(() -> provider.restart("ps1", Duration.ZERO)).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("refusing to restart machine ps1");
            assertThat(provider.stop("ps2", Duration.ZERO).state()).isIn(MachineState.STOPPING, MachineState.OFF);

            assertThat(api.requests()).noneMatch(r -> r.method().equals("PATCH") && r.path().startsWith("/machines/ps1/"));
            assertThat(api.count("PATCH", "/machines/ps2/stop")).isEqualTo(1);
            assertThat(provider.describe("ps1").state()).isEqualTo(MachineState.READY);
        }
    }

    @Test
    void scalerMachineIdProtectsASecondaryTheScalerRunsOn() throws Exception {
        try (FakePaperspaceApi api = FakePaperspaceApi.start(KEY)) {
            api.addMachine("ps1", "ready").addMachine("ps2", "ready");
            MachineProvider provider = MachineProviders.create(
                    guideLayout(api, Map.of("SCALER_MACHINE_ID", "ps2", "PRIMARY_URL", "http://10.0.0.5:8000")), dir);

            assertThatThrownBy(() -> provider.stop("ps2", Duration.ZERO)).hasMessageContaining("refusing to stop machine ps2");

            assertThat(api.count("PATCH", "/machines/ps2/stop")).isZero();
        }
    }

    @Test
    void onAControllerEveryMachineCanBeStopped() throws Exception {
        try (FakePaperspaceApi api = FakePaperspaceApi.start(KEY)) {
            api.addMachine("ps1", "ready").addMachine("ps2", "off");
            MachineProvider provider = MachineProviders.create(guideLayout(api, Map.of("PRIMARY_URL", "http://192.0.2.200:8000")), dir);

            provider.stop("ps1", Duration.ZERO);

            assertThat(api.count("PATCH", "/machines/ps1/stop")).isEqualTo(1);
        }
    }

    @Test
    void theUnprotectedProviderIsForAnOperatorsExplicitForce() throws Exception {
        try (FakePaperspaceApi api = FakePaperspaceApi.start(KEY)) {
            api.addMachine("ps1", "ready").addMachine("ps2", "off");

            MachineProviders.createUnprotected(guideLayout(api, Map.of()), dir).stop("ps1", Duration.ZERO);

            assertThat(api.count("PATCH", "/machines/ps1/stop")).isEqualTo(1);
        }
    }
}
