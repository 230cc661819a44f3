package io.mcscale.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackendTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8000", "localhost:8001", "ps-secondary.internal:80", "[::1]:8000"})
    void acceptsPlainHostPort(String hostPort) {
        assertThat(Backend.parse(hostPort).toString()).isEqualTo(hostPort);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1:8000; include /etc/passwd", "evil host:80", "a:0", "a:70000", "noport",
        ":80", "host:", "x;y:80", "10.0.0.1:80\nserver 6.6.6.6:80"})
    void rejectsAnythingThatCouldInjectIntoTheUpstreamFile(String hostPort) {
        assertThatThrownBy(() -> Backend.parse(hostPort)).isInstanceOf(IllegalArgumentException.class);
    }
}
