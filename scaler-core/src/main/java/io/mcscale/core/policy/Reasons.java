package io.mcscale.core.policy;

import java.math.BigDecimal;
import java.time.Duration;

/** Formats numbers in reason codes the way a person writes them: {@code 70}, not {@code 70.0}. */
final class Reasons {
    private Reasons() {
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String seconds(Duration duration) {
        return number(duration.toMillis() / 1000.0);
    }

    /** Whole seconds, rounded up, so "0 s left" never appears while the cooldown still blocks. */
    static long secondsRoundedUp(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }
}
