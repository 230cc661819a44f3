package io.mcscale.engine;

import io.mcscale.engine.Parameters.Range;

/**
 * The parameters every option model shares, read and validated in one place:
 * {@code option_type} call|put (default call), {@code spot} (0, 1e12], {@code strike} (0, 1e12],
 * {@code rate} [-1, 1] (annual, continuously compounded), {@code volatility} (0, 5] (annual),
 * {@code maturity} (0, 100] years and {@code dividend_yield} [-1, 1] (default 0).
 */
record OptionTerms(int phi, double spot, double strike, double rate, double volatility, double maturity, double dividendYield) {
    static OptionTerms read(Parameters parameters) {
        int phi = parameters.choice("option_type", "call", "call", "put").equals("call") ? 1 : -1;
        return new OptionTerms(phi,
                parameters.number("spot", Range.positiveUpTo(1e12)),
                parameters.number("strike", Range.positiveUpTo(1e12)),
                parameters.number("rate", Range.closed(-1, 1)),
                parameters.number("volatility", Range.positiveUpTo(5)),
                parameters.number("maturity", Range.positiveUpTo(100)),
                parameters.number("dividend_yield", 0.0, Range.closed(-1, 1)));
    }

    double discount() {
        return Math.exp(-rate * maturity);
    }

    /** Drift of log S over one of {@code steps} equal steps to maturity. */
    double stepDrift(int steps) {
        return logDrift() * maturity / steps;
    }

    /** Standard deviation of log S over one of {@code steps} equal steps to maturity. */
    double stepStdDev(int steps) {
        return volatility * Math.sqrt(maturity / steps);
    }

    /** Drift of log S per unit time under the risk-neutral measure. */
    double logDrift() {
        return rate - dividendYield - volatility * volatility / 2;
    }
}
