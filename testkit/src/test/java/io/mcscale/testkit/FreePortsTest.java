package io.mcscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void shouldSkipAPortTheKernelHandsOutAgain() {
        PrimitiveIterator.OfInt kernel = IntStream.of(40_001, 40_002, 40_001, 40_002, 40_003).iterator();
        FreePorts ports = new FreePorts(kernel::nextInt);

        assertThat(List.of(ports.take(), ports.take(), ports.take())).containsExactly(40_001, 40_002, 40_003);
    }

    @Test
    void shouldGiveUpWhenTheKernelOnlyRepeatsItself() {
        FreePorts ports = new FreePorts(() -> 40_001);
        ports.take();

        assertThatThrownBy(ports::take).isInstanceOf(IllegalStateException.class).hasMessageContaining("attempts");
    }

    @Test
    void shouldGiveDistinctPortsThatCanBeBoundOnLoopback() throws Exception {
        List<Integer> given = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            given.add(FreePorts.next());
        }

        assertThat(new HashSet<>(given)).hasSameSizeAs(given);
        try (ServerSocket server = new ServerSocket(given.get(0), 1, InetAddress.getLoopbackAddress())) {
            assertThat(server.getLocalPort()).isEqualTo(given.get(0));
        }
    }

    @Test
    void shouldNotGiveAPortSomethingListensOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            for (int i = 0; i < 50; i++) {
                assertThat(FreePorts.next()).isNotEqualTo(taken.getLocalPort());
            }
        }
    }
}
