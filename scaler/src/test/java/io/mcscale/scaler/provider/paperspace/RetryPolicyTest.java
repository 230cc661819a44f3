package io.mcscale.scaler.provider.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RetryPolicyTest {
    final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(120));

    @Property
    void backoffStaysBetweenHalfAndAllOfTheCappedExponential(@ForAll @IntRange(min = 1, max = 60) int retry,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double jitter) {
        long full = Math.min(500L << Math.min(retry - 1, 20), 20_000);

        Duration delay = policy.delayBefore(retry, null, jitter);

        assertThat(delay.toMillis()).isBetween(full / 2, full);
    }

    @Property
    void aRetryAfterIsNeverCutShort(@ForAll @IntRange(min = 1, max = 10) int retry,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double jitter,
            @ForAll @LongRange(min = 0, max = 120) long retryAfterSeconds) {
        Duration retryAfter = Duration.ofSeconds(retryAfterSeconds);

        assertThat(policy.delayBefore(retry, retryAfter, jitter)).isGreaterThanOrEqualTo(retryAfter);
        assertThat(policy.willWait(retryAfter)).isTrue();
        assertThat(policy.willWait(Duration.ofSeconds(121))).isFalse();
    }
}
