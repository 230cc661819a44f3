package io.mcscale.engine;

/**
 * Closed-form prices the engine uses as control variates and the tests use as references.
 * {@code phi} is +1 for a call and -1 for a put; rates, yields and volatilities are annual and
 * continuously compounded, times in years.
 */
final class ClosedForms {
    private ClosedForms() {
    }

    /** Black–Scholes–Merton price of a European option on a stock paying a continuous dividend yield. */
    static double blackScholes(int phi, double spot, double strike, double rate, double dividendYield,
            double volatility, double maturity) {
        double forward = spot * Math.exp((rate - dividendYield) * maturity);
        double stdDev = volatility * Math.sqrt(maturity);
        return Math.exp(-rate * maturity) * black(phi, forward, strike, stdDev);
    }

    /**
     * Kemna–Vorst: the geometric average over n equally spaced fixings t_i = i·T/n is lognormal,
     * with log-mean ln S + (r − q − σ²/2)·T·(n+1)/(2n) and log-variance σ²·T·(n+1)(2n+1)/(6n²).
     */
    static double geometricAsian(int phi, double spot, double strike, double rate, double dividendYield,
            double volatility, double maturity, int fixings) {
        double n = fixings;
        double logMean = Math.log(spot) + (rate - dividendYield - volatility * volatility / 2) * maturity * (n + 1) / (2 * n);
        double logVariance = volatility * volatility * maturity * (n + 1) * (2 * n + 1) / (6 * n * n);
        double forward = Math.exp(logMean + logVariance / 2);
        return Math.exp(-rate * maturity) * black(phi, forward, strike, Math.sqrt(logVariance));
    }

    /**
     * Reiner–Rubinstein price of a continuously monitored knock-out option without rebate
     * ({@code up} for up-and-out, otherwise down-and-out), in Haug's A/B/C/D notation.
     */
    static double knockOut(int phi, boolean up, double spot, double strike, double barrier, double rate,
            double dividendYield, double volatility, double maturity) {
        double eta = up ? -1 : 1;
        double carry = rate - dividendYield;
        double stdDev = volatility * Math.sqrt(maturity);
        double mu = (carry - volatility * volatility / 2) / (volatility * volatility);
        double shift = (1 + mu) * stdDev;
        double x1 = Math.log(spot / strike) / stdDev + shift;
        double x2 = Math.log(spot / barrier) / stdDev + shift;
        double y1 = Math.log(barrier * barrier / (spot * strike)) / stdDev + shift;
        double y2 = Math.log(barrier / spot) / stdDev + shift;
        double spotTerm = phi * spot * Math.exp((carry - rate) * maturity);
        double strikeTerm = phi * strike * Math.exp(-rate * maturity);
        double reflectSpot = Math.pow(barrier / spot, 2 * (mu + 1));
        double reflectStrike = Math.pow(barrier / spot, 2 * mu);
        double a = spotTerm * Normal.cdf(phi * x1) - strikeTerm * Normal.cdf(phi * (x1 - stdDev));
        double b = spotTerm * Normal.cdf(phi * x2) - strikeTerm * Normal.cdf(phi * (x2 - stdDev));
        double c = spotTerm * reflectSpot * Normal.cdf(eta * y1) - strikeTerm * reflectStrike * Normal.cdf(eta * (y1 - stdDev));
        double d = spotTerm * reflectSpot * Normal.cdf(eta * y2) - strikeTerm * reflectStrike * Normal.cdf(eta * (y2 - stdDev));
        boolean strikeAboveBarrier = strike > barrier;
        if (phi > 0 && !up) {
            return strikeAboveBarrier ? a - c : b - d;
        }
        if (phi > 0) {
            return strikeAboveBarrier ? 0 : a - b + c - d;
        }
        if (!up) {
            return strikeAboveBarrier ? a - b + c - d : 0;
        }
        return strikeAboveBarrier ? b - d : a - c;
    }

    /**
     * Broadie–Glasserman–Kou: a barrier monitored at m equally spaced dates prices like a
     * continuous one moved away from the spot by exp(±0.5826·σ·√(T/m)).
     */
    static double discreteBarrierShift(boolean up, double barrier, double volatility, double maturity, int fixings) {
        double beta = 0.5825971579390106; // -zeta(1/2)/sqrt(2*pi)
        return barrier * Math.exp((up ? 1 : -1) * beta * volatility * Math.sqrt(maturity / fixings));
    }

    /** Undiscounted Black formula on a forward with total standard deviation {@code stdDev}. */
    private static double black(int phi, double forward, double strike, double stdDev) {
        double d1 = (Math.log(forward / strike) + stdDev * stdDev / 2) / stdDev;
        double d2 = d1 - stdDev;
        return phi * (forward * Normal.cdf(phi * d1) - strike * Normal.cdf(phi * d2));
    }
}
