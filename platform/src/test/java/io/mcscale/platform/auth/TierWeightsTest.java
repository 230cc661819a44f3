package io.mcscale.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TierWeightsTest {
    record Good(String text, TierWeights expected) {
    }

    static Stream<Good> good() {
        return Stream.of(
                new Good("free=1,pro=2,enterprise=4", TierWeights.DEFAULT),
                new Good(" enterprise = 10 , free=2 ", new TierWeights(2, 2, 10)),
                new Good("pro=3", new TierWeights(1, 3, 4)),
                new Good("free=1000,pro=1,enterprise=1", new TierWeights(1000, 1, 1)));
    }

    @ParameterizedTest
    @MethodSource("good")
    void shouldReadTierWeightPairsKeepingTheDefaultOfATierLeftOut(Good c) {
        assertThat(TierWeights.parse(c.text(), "--tier-weights")).isEqualTo(c.expected());
        assertThat(TierWeights.parse(c.expected().toString(), "--tier-weights")).isEqualTo(c.expected());
    }

    record Bad(String text, String... named) {
    }

    static Stream<Bad> bad() {
        return Stream.of(
                new Bad("", "is empty"),
                new Bad("free", "'free' is not tier=weight"),
                new Bad("gold=3", "unknown tier 'gold'", "free|pro|enterprise"),
                new Bad("pro=0", "pro", "from 1 to 1000", "'0'"),
                new Bad("pro=1.5", "pro", "'1.5'"),
                new Bad("enterprise=1001", "enterprise", "'1001'"),
                new Bad("pro=2,pro=3", "'pro' is given twice"),
                new Bad("free=1,,pro=2", "'' is not tier=weight"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void shouldRefuseBadWeightsInOneLineNamingTheSourceTheValueAndTheFix(Bad c) {
        assertThatThrownBy(() -> TierWeights.parse(c.text(), "PLATFORM_TIER_WEIGHTS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PLATFORM_TIER_WEIGHTS")
                .hasMessageContaining("free=1,pro=2,enterprise=4")
                .hasMessageContainingAll(c.named())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
