package org.zeropipe.core.audio;

import java.util.Arrays;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.meta.Meta;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.meta.MetaInfo;
import org.zeropipe.core.meta.MetaTags;
import org.zeropipe.core.meta.MetaTransform;

/**
 * Where the planes of non-interleaved audio lie in a buffer: GStreamer's {@code GstAudioMeta}.
 * Every plane holds {@link #samples()} samples of one channel; {@link #offset(int)} is the
 * byte where plane {@code c} starts. Planes may have gaps between them but never overlap.
 * A non-interleaved buffer without this meta has its planes back to back
 * ({@code samples = size / bpf}, plane {@code c} at {@code c * samples * bps}).
 *
 * <p>Tagged {@link MetaTags#MEMORY}: it describes the memory layout, so it is dropped when the
 * memories change. A whole-buffer copy keeps it.
 */
public final class AudioMeta extends Meta {

    public static final MetaApi API = MetaApi.register("AudioMetaAPI", MetaTags.MEMORY, "audio");
    public static final MetaInfo<AudioMeta> INFO = MetaInfo.register(API, "AudioMeta", AudioMeta.class,
            AudioMeta::new, null, AudioMeta::transform);

    private AudioInfo info;
    private int samples;
    private long[] offsets;

    private AudioMeta(MetaInfo<AudioMeta> info, Buffer buffer) {
        super(info, buffer);
    }

    /**
     * Adds the plane layout of {@code samples} samples per channel to {@code buffer}
     * ({@code offsets} null: planes back to back). Throws {@link IllegalArgumentException}
     * when a plane lies outside the buffer or planes overlap, as {@code gst_buffer_add_audio_meta}.
     */
    public static AudioMeta add(Buffer buffer, AudioInfo info, int samples, long[] offsets) {
        long[] offs = check(buffer.size(), info, samples, offsets);
        AudioMeta meta = buffer.addMeta(INFO);
        meta.info = info;
        meta.samples = samples;
        meta.offsets = offs;
        return meta;
    }

    /** The audio meta of {@code buffer} (borrowed), or null. */
    public static AudioMeta get(Buffer buffer) {
        return buffer.getMeta(INFO);
    }

    /** Where the planes of a non-interleaved buffer lie: samples per channel and the offset of each plane. */
    public record Planes(int samples, long[] offsets) {
    }

    /**
     * The planes of non-interleaved {@code buffer}: from its meta if it has one, else back to
     * back. Throws {@link IllegalArgumentException} naming the buffer size when it is not
     * whole frames.
     */
    public static Planes planes(Buffer buffer, AudioInfo info) {
        AudioMeta meta = get(buffer);
        if (meta != null) {
            return new Planes(meta.samples, meta.offsets.clone());
        }
        long size = buffer.size();
        if (size % info.bpf() != 0) {
            throw new IllegalArgumentException("a non-interleaved buffer of " + size + " bytes without AudioMeta is"
                    + " not whole frames of " + info.bpf() + " bytes (" + info + ")");
        }
        int samples = (int) (size / info.bpf());
        return new Planes(samples, contiguous(info, samples));
    }

    /** Offsets of planes of {@code samples} samples back to back. */
    public static long[] contiguous(AudioInfo info, long samples) {
        long[] r = new long[info.channels()];
        for (int c = 0; c < r.length; c++) {
            r[c] = c * samples * info.format().bytes();
        }
        return r;
    }

    private static long[] check(long size, AudioInfo info, int samples, long[] offsets) {
        if (info.interleaved()) {
            throw new IllegalArgumentException("an AudioMeta describes non-interleaved audio, not " + info);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("AudioMeta samples must not be negative: " + samples);
        }
        long[] offs = offsets == null ? contiguous(info, samples) : offsets.clone();
        if (offs.length != info.channels()) {
            throw new IllegalArgumentException("AudioMeta needs " + info.channels() + " plane offsets, not "
                    + offs.length);
        }
        long plane = (long) samples * info.format().bytes();
        Integer[] order = new Integer[offs.length];
        for (int c = 0; c < offs.length; c++) {
            order[c] = c;
            if (offs[c] < 0 || offs[c] + plane > size) {
                throw new IllegalArgumentException("AudioMeta plane " + c + " at byte " + offs[c] + " (" + plane
                        + " bytes) lies outside the buffer of " + size + " bytes");
            }
        }
        Arrays.sort(order, (x, y) -> Long.compare(offs[x], offs[y]));
        for (int i = 1; i < order.length; i++) {
            if (offs[order[i - 1]] + plane > offs[order[i]]) {
                throw new IllegalArgumentException("AudioMeta planes " + order[i - 1] + " and " + order[i]
                        + " overlap (offsets " + offs[order[i - 1]] + ", " + offs[order[i]] + ", " + plane
                        + " bytes each)");
            }
        }
        return offs;
    }

    public AudioInfo audioInfo() {
        return info;
    }

    /** Samples per channel (the frames in the buffer). */
    public int samples() {
        return samples;
    }

    /** The byte where the plane of channel {@code c} starts. */
    public long offset(int c) {
        return offsets[c];
    }

    private static boolean transform(Buffer dest, AudioMeta meta, Buffer src, MetaTransform transform) {
        if (transform instanceof MetaTransform.Copy copy && !copy.region()) {
            add(dest, meta.info, meta.samples, meta.offsets);
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "AudioMeta[" + samples + " samples, offsets " + Arrays.toString(offsets) + "]";
    }
}
