package org.zeropipe.core.caps;

/**
 * A fraction such as a frame rate, always reduced with the sign on the numerator, as
 * {@code gst_value_set_fraction} stores it: {@code new Fraction(60, -2)} is {@code -30/1}.
 * GStreamer excludes -2^31 from both parts, so does this record.
 */
public record Fraction(int numerator, int denominator) implements Value, Comparable<Fraction> {

    public Fraction {
        if (denominator == 0) {
            throw new IllegalArgumentException("a fraction's denominator cannot be 0");
        }
        if (numerator == Integer.MIN_VALUE || denominator == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("a fraction's numerator and denominator must be within "
                    + "-2147483647..2147483647, got " + numerator + "/" + denominator);
        }
        if (denominator < 0) {
            numerator = -numerator;
            denominator = -denominator;
        }
        int gcd = IntMath.gcd(numerator, denominator);
        numerator /= gcd;
        denominator /= gcd;
    }

    /** The fraction {@code n/1}. */
    public static Fraction of(int n) {
        return new Fraction(n, 1);
    }

    public double toDouble() {
        return (double) numerator / (double) denominator;
    }

    /** Exact comparison ({@code gst_util_fraction_compare}). */
    @Override
    public int compareTo(Fraction o) {
        return Long.compare((long) numerator * o.denominator, (long) o.numerator * denominator);
    }

    @Override
    public ValueType type() {
        return ValueType.FRACTION;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
