package io.mcscale.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateValuesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // the prototype's and the guide's placeholders
        "your_paperspace_api_key_here, true",
        "your_actual_api_key_here, true",
        "your_primary_machine_id, true",
        "YOUR-SECONDARY-ID, true",
        "<api key>, true",
        "changeme, true",
        "xxxxxxxx, true",
        // real values of every kind
        "psk_live_0123456789abcdef, false",
        "ps1234567, false",
        "http://10.0.0.5:8000, false",
        "nginx -s reload, false",
        "/var/lib/monte-carlo-autoscaler, false",
        "127.0.0.1:8190, false",
        "0.51, false",
        "youtube_key_2024, false",
    })
    void tellsAnUnfilledPlaceholderFromARealValue(String value, boolean placeholder) {
        assertThat(TemplateValues.isPlaceholder(value)).isEqualTo(placeholder);
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource({
        "PRIMARY_MACHINE_ID, ps1234567, true",
        "SECONDARY_MACHINE_ID, 'ps2a, ps7654321', true",
        "SECONDARY_MACHINE_ID, ps76543210, false",
        "PRIMARY_MACHINE_ID, psx9y8z7w, false",
        "PLATFORM_ADMIN_TOKEN, ps1234567, false",
    })
    void namesTheGuidesExampleIdsOnlyInMachineIdKeys(ConfigKey key, String value, boolean example) {
        assertThat(TemplateValues.hasGuideExampleId(key, value)).isEqualTo(example);
    }
}
