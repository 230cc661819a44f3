package io.mcscale.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How the CLI shows money and hours: dollars with cents and thousands separators, hours without needless decimals. */
final class Money {
    private Money() {
    }

    static String usd(double amount) {
        return String.format(Locale.US, "$%,.2f", amount);
    }

    static BigDecimal cents(double amount) {
        return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP);
    }

    static String hours(double hours) {
        return BigDecimal.valueOf(hours).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
