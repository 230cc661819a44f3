package io.mcscale.scaler.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.core.model.InstanceSpec;
import io.mcscale.scaler.config.ProviderSettings.Kind;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScalerMachineTest {
    private static final Set<InetAddress> THIS_MACHINE = Set.of(address("10.0.0.5"), address("fd00::2"));

    record Case(String name,
            // configuration
            Optional<String> scalerMachineId, Kind provider, String primaryUrl,
            // expected
            Optional<String> protectedMachine) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("the guide's layout: PRIMARY_URL on loopback", Optional.empty(), Kind.PAPERSPACE,
                        "http://127.0.0.1:8000", Optional.of("ps1")),
                new Case("localhost is loopback", Optional.empty(), Kind.PAPERSPACE, "http://localhost:8000", Optional.of("ps1")),
                new Case("IPv6 loopback", Optional.empty(), Kind.PAPERSPACE, "http://[::1]:8000", Optional.of("ps1")),
                new Case("PRIMARY_URL on this machine's private address", Optional.empty(), Kind.PAPERSPACE,
                        "http://10.0.0.5:8000", Optional.of("ps1")),
                new Case("this machine's IPv6 address", Optional.empty(), Kind.PAPERSPACE, "http://[fd00::2]:8000", Optional.of("ps1")),
                new Case("a controller: the primary is another machine", Optional.empty(), Kind.PAPERSPACE,
                        "http://10.0.0.6:8000", Optional.empty()),
                new Case("no PRIMARY_URL: the provider's address, not known here", Optional.empty(), Kind.PAPERSPACE, null,
                        Optional.empty()),
                new Case("a host name is not looked up", Optional.empty(), Kind.PAPERSPACE, "http://primary.internal:8000",
                        Optional.empty()),
                new Case("local provider: machines are processes, not this host", Optional.empty(), Kind.LOCAL,
                        "http://127.0.0.1:8000", Optional.empty()),
                new Case("SCALER_MACHINE_ID wins over the URL", Optional.of("ps9"), Kind.PAPERSPACE, "http://127.0.0.1:8000",
                        Optional.of("ps9")),
                new Case("SCALER_MACHINE_ID counts for the local provider too", Optional.of("ps2"), Kind.LOCAL,
                        "http://127.0.0.1:8000", Optional.of("ps2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesWhichMachineTheScalerRunsOn(Case c) {
        InstanceSpec primary = new InstanceSpec("ps1", Optional.ofNullable(c.primaryUrl()).map(URI::create));

        Optional<ScalerMachine> decided = ScalerMachine.decide(c.scalerMachineId(), c.provider(), primary, THIS_MACHINE);

        assertThat(decided.map(ScalerMachine::machineId)).isEqualTo(c.protectedMachine());
    }

    @Property
    void anExplicitIdIsAlwaysTheOneProtected(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String id,
            @ForAll Kind provider) {
        InstanceSpec primary = new InstanceSpec("ps1", Optional.of(URI.create("http://127.0.0.1:8000")));

        assertThat(ScalerMachine.decide(Optional.of(id), provider, primary, THIS_MACHINE)).map(ScalerMachine::machineId).contains(id);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
