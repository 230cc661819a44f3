package io.mcscale.engine;

/** The standard normal distribution: cumulative distribution and its inverse, to about 1e-14. */
final class Normal {
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private Normal() {
    }

    /** P(Z <= x), by Hart's double-precision rational approximation (as given by G. West, 2005). */
    static double cdf(double x) {
        double xabs = Math.abs(x);
        double tail;
        if (xabs > 37) {
            tail = 0;
        } else {
            double e = Math.exp(-xabs * xabs / 2);
            if (xabs < 7.07106781186547) {
                double b = 3.52624965998911E-02 * xabs + 0.700383064443688;
                b = b * xabs + 6.37396220353165;
                b = b * xabs + 33.912866078383;
                b = b * xabs + 112.079291497871;
                b = b * xabs + 221.213596169931;
                b = b * xabs + 220.206867912376;
                double numerator = e * b;
                b = 8.83883476483184E-02 * xabs + 1.75566716318264;
                b = b * xabs + 16.064177579207;
                b = b * xabs + 86.7807322029461;
                b = b * xabs + 296.564248779674;
                b = b * xabs + 637.333633378831;
                b = b * xabs + 793.826512519948;
                b = b * xabs + 440.413735824752;
                tail = numerator / b;
            } else {
                double b = xabs + 0.65;
                b = xabs + 4 / b;
                b = xabs + 3 / b;
                b = xabs + 2 / b;
                b = xabs + 1 / b;
                tail = e / b / 2.506628274631;
            }
        }
        return x > 0 ? 1 - tail : tail;
    }

    /** The x with P(Z <= x) = p, for 0 < p < 1: Acklam's approximation refined by one Halley step. */
    static double inverseCdf(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
        }
        double x;
        if (p < 0.02425) {
            x = lowerTail(Math.sqrt(-2 * Math.log(p)));
        } else if (p > 1 - 0.02425) {
            x = -lowerTail(Math.sqrt(-2 * Math.log1p(-p)));
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                    + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                    / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                    + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        double error = cdf(x) - p;
        double u = error * SQRT_2PI * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    private static double lowerTail(double q) {
        return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                + 3.754408661907416e+00) * q + 1);
    }
}
