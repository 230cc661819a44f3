package io.mcscale.scaler.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.config.AutoscalerConfig;
import io.mcscale.testkit.paperspace.FakePaperspaceApi;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineProvidersTest {
    static final String KEY = "psfactory-0a1b2c3d4e";

    @TempDir
    Path dir;

    @Test
    void anApiKeyMeansPaperspaceAtTheConfiguredUrlWithConfiguredPlatformAddresses() throws Exception {
        try (FakePaperspaceApi api = FakePaperspaceApi.start(KEY)) {
            api.addMachine("ps1", "ready").addMachine("ps2", "off", "10.1.2.3", 0.51, 5.0);
            AutoscalerConfig config = AutoscalerConfig.fromEnvironment(Map.of(
                    "PAPERSPACE_API_KEY", KEY,
                    "PAPERSPACE_API_URL", api.baseUrl(),
                    "PRIMARY_MACHINE_ID", "ps1",
                    "PRIMARY_URL", "http://primary.internal:8001",
                    "SECONDARY_MACHINE_ID", "ps2",
                    "PLATFORM_PORT", "8100",
                    "DATA_DIR", dir.toString()));

            MachineProvider provider = MachineProviders.create(config, dir);

            assertThat(provider.name()).isEqualTo("paperspace");
            assertThat(provider.describe("ps1").platformAddress()).contains("primary.internal:8001");
            MachineInfo secondary = provider.describe("ps2");
            assertThat(secondary.state()).isEqualTo(MachineState.OFF);
            assertThat(secondary.platformAddress()).contains("10.1.2.3:8100");
            assertThat(secondary.usageRateUsdPerHour()).isEqualTo(0.51);
        }
    }
}
