package org.zeropipe.core.caps;

/** Integer helpers with GStreamer's exact semantics. */
final class IntMath {

    private IntMath() {
    }

    /** {@code gst_util_greatest_common_divisor}: never negative; gcd(0, 0) is 0. */
    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a;
            a = b;
            b = t % b;
        }
        return Math.abs(a);
    }

    /** {@code gst_util_greatest_common_divisor_int64}. */
    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a;
            a = b;
            b = t % b;
        }
        return Math.abs(a);
    }
}
