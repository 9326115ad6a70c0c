package org.zeropipe.core.audio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The raw sample formats of {@code audio/x-raw} (GStreamer's {@code GstAudioFormat}) that core
 * handles, with how to read and write them. Samples travel between formats as doubles in
 * [-1, 1): an integer of depth D is {@code v / 2^(D-1)} (unsigned ones are offset first), so
 * S16 to F32 is exact ({@code x / 32768}).
 */
public enum AudioFormat {
    S8(8, true, false, ByteOrder.LITTLE_ENDIAN),
    U8(8, false, false, ByteOrder.LITTLE_ENDIAN),
    S16LE(16, true, false, ByteOrder.LITTLE_ENDIAN),
    S16BE(16, true, false, ByteOrder.BIG_ENDIAN),
    U16LE(16, false, false, ByteOrder.LITTLE_ENDIAN),
    S24LE(24, true, false, ByteOrder.LITTLE_ENDIAN),
    S32LE(32, true, false, ByteOrder.LITTLE_ENDIAN),
    F32LE(32, true, true, ByteOrder.LITTLE_ENDIAN),
    F32BE(32, true, true, ByteOrder.BIG_ENDIAN),
    F64LE(64, true, true, ByteOrder.LITTLE_ENDIAN);

    private static final ValueLayout.OfShort S16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort S16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt S32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32_BE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfDouble F64_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int width;
    private final boolean signed;
    private final boolean isFloat;
    private final ByteOrder order;

    AudioFormat(int width, boolean signed, boolean isFloat, ByteOrder order) {
        this.width = width;
        this.signed = signed;
        this.isFloat = isFloat;
        this.order = order;
    }

    /** The caps name, e.g. {@code S16LE}. */
    public String capsName() {
        return name();
    }

    /** Bits per sample (also the depth: every format here uses all its bits). */
    public int width() {
        return width;
    }

    /** Bytes per sample. */
    public int bytes() {
        return width / 8;
    }

    public boolean isFloat() {
        return isFloat;
    }

    public boolean isInteger() {
        return !isFloat;
    }

    public boolean isSigned() {
        return signed;
    }

    public ByteOrder order() {
        return order;
    }

    /** The format named {@code name} in caps; throws naming the known ones otherwise. */
    public static AudioFormat fromCaps(String name) {
        for (AudioFormat f : values()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unsupported audio format '" + name + "' (known: " + capsList() + ")");
    }

    /** Every format, as a caps list body: {@code S8, U8, ...}. */
    public static String capsList() {
        StringBuilder b = new StringBuilder();
        for (AudioFormat f : values()) {
            b.append(b.isEmpty() ? "" : ", ").append(f.name());
        }
        return b.toString();
    }

    /**
     * Reads {@code n} samples starting at byte {@code offset} of {@code seg} into {@code dst}
     * (from {@code dstPos}) as doubles in [-1, 1).
     */
    public void unpack(MemorySegment seg, long offset, double[] dst, int dstPos, int n) {
        switch (this) {
            case S8 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstPos + i] = seg.get(ValueLayout.JAVA_BYTE, offset + i) * (1.0 / 128);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstPos + i] = ((seg.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff) - 128) * (1.0 / 128);
                }
            }
            case S16LE, S16BE -> {
                ValueLayout.OfShort l = this == S16LE ? S16_LE : S16_BE;
                for (int i = 0; i < n; i++) {
                    dst[dstPos + i] = seg.get(l, offset + 2L * i) * (1.0 / 32768);
                }
            }
            case U16LE -> {
                for (int i = 0; i < n; i++) {
                    dst[dstPos + i] = ((seg.get(S16_LE, offset + 2L * i) & 0xffff) - 32768) * (1.0 / 32768);
                }
            }
            case S24LE -> {
                for (int i = 0; i < n; i++) {
                    long o = offset + 3L * i;
                    int v = (seg.get(ValueLayout.JAVA_BYTE, o) & 0xff) | (seg.get(ValueLayout.JAVA_BYTE, o + 1) & 0xff) << 8
                            | seg.get(ValueLayout.JAVA_BYTE, o + 2) << 16;
                    dst[dstPos + i] = v * (1.0 / 8388608);
                }
            }
            case S32LE -> {
                for (int i = 0; i < n; i++) {
                    dst[dstPos + i] = seg.get(S32_LE, offset + 4L * i) * (1.0 / 2147483648.0);
                }
            }
            case F32LE, F32BE -> {
                ValueLayout.OfFloat l = this == F32LE ? F32_LE : F32_BE;
                for (int i = 0; i < n; i++) {
                    dst[dstPos + i] = seg.get(l, offset + 4L * i);
                }
            }
            case F64LE -> {
                for (int i = 0; i < n; i++) {
                    dst[dstPos + i] = seg.get(F64_LE, offset + 8L * i);
                }
            }
        }
    }

    /**
     * Writes {@code n} samples {@code src[srcPos..]} at byte {@code offset} of {@code seg}.
     * Integers are rounded to nearest (half up) and clamped; {@code dither}, when not null,
     * holds noise in units of the output's least significant bit added before rounding.
     */
    public void pack(double[] src, int srcPos, double[] dither, MemorySegment seg, long offset, int n) {
        if (isFloat) {
            switch (this) {
                case F32LE, F32BE -> {
                    ValueLayout.OfFloat l = this == F32LE ? F32_LE : F32_BE;
                    for (int i = 0; i < n; i++) {
                        seg.set(l, offset + 4L * i, (float) src[srcPos + i]);
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        seg.set(F64_LE, offset + 8L * i, src[srcPos + i]);
                    }
                }
            }
            return;
        }
        double scale = 0x1p-1 * (1L << width);
        long min = -(1L << (width - 1));
        long max = (1L << (width - 1)) - 1;
        for (int i = 0; i < n; i++) {
            double v = src[srcPos + i] * scale + (dither != null ? dither[i] : 0) + 0.5;
            long q = (long) Math.floor(v);
            q = q < min ? min : (q > max ? max : q);
            storeInt(seg, offset + (long) bytes() * i, q);
        }
    }

    /** Stores a signed integer sample of this (integer) format, offsetting unsigned ones. */
    void storeInt(MemorySegment seg, long at, long q) {
        switch (this) {
            case S8 -> seg.set(ValueLayout.JAVA_BYTE, at, (byte) q);
            case U8 -> seg.set(ValueLayout.JAVA_BYTE, at, (byte) (q + 128));
            case S16LE -> seg.set(S16_LE, at, (short) q);
            case S16BE -> seg.set(S16_BE, at, (short) q);
            case U16LE -> seg.set(S16_LE, at, (short) (q + 32768));
            case S24LE -> {
                seg.set(ValueLayout.JAVA_BYTE, at, (byte) q);
                seg.set(ValueLayout.JAVA_BYTE, at + 1, (byte) (q >> 8));
                seg.set(ValueLayout.JAVA_BYTE, at + 2, (byte) (q >> 16));
            }
            case S32LE -> seg.set(S32_LE, at, (int) q);
            default -> throw new IllegalStateException(this + " is not an integer format");
        }
    }

    /**
     * Stores a full-scale 32-bit integer sample truncated to this format's width (GStreamer's
     * pack from S32: the low bits are dropped).
     */
    public void storeS32(MemorySegment seg, long at, int s32) {
        storeInt(seg, at, s32 >> (32 - width));
    }

    /**
     * Reads {@code n} samples as floats: F32LE in one bulk copy, S16LE scaled by 1/32768 (exact),
     * others through {@link #unpack} ({@code scratch} holds at least n doubles).
     */
    public void unpackFloats(MemorySegment seg, long offset, float[] dst, int dstPos, int n, double[] scratch) {
        if (this == F32LE) {
            MemorySegment.copy(seg, F32_LE, offset, dst, dstPos, n);
        } else if (this == S16LE) {
            for (int i = 0; i < n; i++) {
                dst[dstPos + i] = seg.get(S16_LE, offset + 2L * i) * (1f / 32768);
            }
        } else {
            unpack(seg, offset, scratch, 0, n);
            for (int i = 0; i < n; i++) {
                dst[dstPos + i] = (float) scratch[i];
            }
        }
    }

    /** Writes {@code n} float samples: F32LE in one bulk copy, others through {@link #pack}. */
    public void packFloats(float[] src, int srcPos, MemorySegment seg, long offset, int n, double[] scratch) {
        if (this == F32LE) {
            MemorySegment.copy(src, srcPos, seg, F32_LE, offset, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            scratch[i] = src[srcPos + i];
        }
        pack(scratch, 0, null, seg, offset, n);
    }

    /**
     * The full scale of the values {@link #packTruncating} expects: GStreamer's test source
     * computes S16 in 16-bit scale, other integers in 32-bit scale, floats in [-1, 1].
     */
    public double nativeScale() {
        return isFloat ? 1.0 : this == S16LE ? 32767.0 : 2147483647.0;
    }

    /**
     * Writes {@code n} values already at {@link #nativeScale()}, truncated toward zero as a C
     * cast does (integers) or rounded to float; other integer widths keep the high bits of
     * the 32-bit value, as GStreamer's pack from S32.
     */
    public void packTruncating(double[] src, int srcPos, MemorySegment seg, long offset, int n) {
        if (isFloat) {
            pack(src, srcPos, null, seg, offset, n);
        } else if (this == S16LE) {
            for (int i = 0; i < n; i++) {
                seg.set(S16_LE, offset + 2L * i, (short) (int) src[srcPos + i]);
            }
        } else {
            int b = bytes();
            for (int i = 0; i < n; i++) {
                storeS32(seg, offset + (long) b * i, (int) src[srcPos + i]);
            }
        }
    }

    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }
}
