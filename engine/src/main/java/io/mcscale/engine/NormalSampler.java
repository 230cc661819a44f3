package io.mcscale.engine;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Standard normal draws by the Marsaglia–Tsang ziggurat (128 layers), from one 64-bit draw per
 * normal on the fast path (98.8% of draws): the low 7 bits pick the layer, the high 32 bits the
 * point, so index and value never share bits. We use our own rather than Commons RNG's
 * {@code ZigguratSampler} because its {@code sample()} is too big for HotSpot to inline into our
 * path loops; this fast path is a handful of instructions and inlines, and the rare wedge and
 * tail cases live in {@link #slow}.
 */
final class NormalSampler {
    private static final double R = 3.442619855899;
    private static final double TWO_TO_31 = 2147483648.0;
    private static final long[] KN = new long[128];
    private static final double[] WN = new double[128];
    private static final double[] FN = new double[128];

    static {
        double dn = R;
        double tn = dn;
        double vn = 9.91256303526217e-3;
        double q = vn / Math.exp(-0.5 * dn * dn);
        KN[0] = (long) ((dn / q) * TWO_TO_31);
        KN[1] = 0;
        WN[0] = q / TWO_TO_31;
        WN[127] = dn / TWO_TO_31;
        FN[0] = 1.0;
        FN[127] = Math.exp(-0.5 * dn * dn);
        for (int i = 126; i >= 1; i--) {
            dn = Math.sqrt(-2.0 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
            KN[i + 1] = (long) ((dn / tn) * TWO_TO_31);
            tn = dn;
            FN[i] = Math.exp(-0.5 * dn * dn);
            WN[i] = dn / TWO_TO_31;
        }
    }

    private final UniformRandomProvider random;

    NormalSampler(UniformRandomProvider random) {
        this.random = random;
    }

    /**
     * Fills {@code out[0..count)} with normals. Path loops draw in blocks through this: one call per
     * block keeps the hot loop small whatever HotSpot decides about inlining {@link #sample}.
     */
    void fill(double[] out, int count) {
        for (int i = 0; i < count; i++) {
            out[i] = sample();
        }
    }

    double sample() {
        long bits = random.nextLong();
        int hz = (int) (bits >> 32);
        int iz = (int) bits & 127;
        if (Math.abs((long) hz) < KN[iz]) {
            return hz * WN[iz];
        }
        return slow(hz, iz);
    }

    /** The wedges between layers and the tail beyond R. */
    private double slow(int hz, int iz) {
        while (true) {
            double x = hz * WN[iz];
            if (iz == 0) {
                double tail;
                double y;
                do {
                    tail = -Math.log(uniform()) / R;
                    y = -Math.log(uniform());
                } while (y + y < tail * tail);
                return hz > 0 ? R + tail : -R - tail;
            }
            if (FN[iz] + uniform() * (FN[iz - 1] - FN[iz]) < Math.exp(-0.5 * x * x)) {
                return x;
            }
            long bits = random.nextLong();
            hz = (int) (bits >> 32);
            iz = (int) bits & 127;
            if (Math.abs((long) hz) < KN[iz]) {
                return hz * WN[iz];
            }
        }
    }

    /** Uniform in the open interval (0, 1), so its logarithm is finite. */
    private double uniform() {
        return ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }
}
