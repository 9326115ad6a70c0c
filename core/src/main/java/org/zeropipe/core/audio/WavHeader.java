package org.zeropipe.core.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The RIFF/WAVE header of an {@link AudioInfo}: a 16-byte {@code fmt } chunk (PCM or IEEE
 * float) for mono and stereo, WAVE_FORMAT_EXTENSIBLE (40 bytes, with the channel mask) for more
 * channels, then the {@code data} chunk header.
 */
public final class WavHeader {

    private static final int PCM = 1, IEEE_FLOAT = 3, EXTENSIBLE = 0xFFFE;
    // The KSDATAFORMAT_SUBTYPE GUID tail shared by PCM and float: xxxxxxxx-0000-0010-8000-00aa00389b71.
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xaa, 0x00, 0x38,
        (byte) 0x9b, 0x71};

    private WavHeader() {
    }

    /**
     * Throws {@link IllegalArgumentException} saying why when {@code info} cannot be stored in
     * a WAV file: big-endian, S8, U16, non-interleaved, or positions WAV lacks or orders
     * differently.
     */
    public static void check(AudioInfo info) {
        AudioFormat f = info.format();
        if (f == AudioFormat.S8 || f == AudioFormat.U16LE || f.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("WAV cannot hold " + f + " (only U8, S16LE, S24LE, S32LE, F32LE, F64LE)");
        }
        if (!info.interleaved()) {
            throw new IllegalArgumentException("WAV holds interleaved samples only");
        }
        if (info.channels() > 2) {
            ChannelPosition[] p = info.positions();
            for (ChannelPosition c : p) {
                if (ChannelOrder.wavBit(c) < 0) {
                    throw new IllegalArgumentException("WAV has no speaker position " + c);
                }
            }
            if (!java.util.Arrays.equals(p, ChannelOrder.WAV.order(p))) {
                throw new IllegalArgumentException("the channels are not in WAV order (reorder them first): "
                        + java.util.Arrays.toString(p));
            }
        }
    }

    /** The header bytes for {@code dataBytes} bytes of samples (clamped to what RIFF can say). */
    public static byte[] build(AudioInfo info, long dataBytes) {
        check(info);
        boolean extensible = info.channels() > 2;
        int fmtSize = extensible ? 40 : 16;
        long data = Math.min(dataBytes, 0xFFFFFFFFL - 4 - 8 - fmtSize - 8);
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (4 + 8 + fmtSize + 8 + data));
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(fmtSize);
        int tag = info.format().isFloat() ? IEEE_FLOAT : PCM;
        int bits = info.format().width();
        b.putShort((short) (extensible ? EXTENSIBLE : tag)).putShort((short) info.channels()).putInt(info.rate())
                .putInt(info.rate() * info.bpf()).putShort((short) info.bpf()).putShort((short) bits);
        if (extensible) {
            long mask = 0;
            for (ChannelPosition c : info.positions()) {
                mask |= 1L << ChannelOrder.wavBit(c);
            }
            b.putShort((short) 22).putShort((short) bits).putInt((int) mask);
            b.putInt(tag).put(GUID_TAIL);
        }
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) data);
        return b.array();
    }
}
