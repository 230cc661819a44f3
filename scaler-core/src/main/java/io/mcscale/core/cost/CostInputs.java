package io.mcscale.core.cost;

import java.math.BigDecimal;

/** Validation and small arithmetic shared by the cost calculations. Messages name the field, the value and the fix. */
final class CostInputs {
    private CostInputs() {
    }

    static void requirePositive(String field, double value, String fix) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException(field + ": " + plain(value) + " must be a number > 0; " + fix);
        }
    }

    static void requireNonNegative(String field, double value, String fix) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(field + ": " + plain(value) + " must be a number >= 0; " + fix);
        }
    }

    static double savingsPercent(double cost, double alternative) {
        return (alternative - cost) / alternative * 100;
    }

    static String plain(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : String.valueOf(value);
    }
}
