package org.zeropipe.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;

/** DMA_DRM caps (GStreamer 1.24's format): read, written, and bad ones named. */
class DmaDrmInfoTest {

    @Test
    void readsAndWritesDmaDrmCaps() {
        Caps caps = Caps.parse("video/x-raw(memory:DMABuf), format=DMA_DRM, drm-format=NV12:0x0100000000000002, "
                + "width=1920, height=1080, framerate=30/1");
        assertTrue(DmaDrmInfo.isDmaDrm(caps));
        DmaDrmInfo d = DmaDrmInfo.fromCaps(caps);
        assertEquals(VideoFormat.NV12, d.info().format());
        assertEquals(0x0100000000000002L, d.drm().modifier());
        assertEquals(new Fraction(30, 1), d.info().framerate());
        Caps out = d.toCaps();
        assertEquals("video/x-raw(memory:DMABuf), format=(string)DMA_DRM, width=(int)1920, height=(int)1080, "
                + "interlace-mode=(string)progressive, pixel-aspect-ratio=(fraction)1/1, chroma-site=(string)mpeg2, "
                + "colorimetry=(string)bt709, framerate=(fraction)30/1, drm-format=(string)NV12:0x0100000000000002",
                out.toString());
        assertEquals(d, DmaDrmInfo.fromCaps(out));
        assertFalse(DmaDrmInfo.isDmaDrm(Caps.parse("video/x-raw, format=NV12")));
    }

    @Test
    void badDmaDrmCapsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DmaDrmInfo.fromCaps(
                Caps.parse("video/x-raw(memory:DMABuf), format=DMA_DRM, drm-format=Q401, width=2, height=2")));
        assertTrue(e.getMessage().contains("no video format for DRM fourcc 'Q401'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DmaDrmInfo.fromCaps(
                Caps.parse("video/x-raw(memory:DMABuf), format=DMA_DRM, width=2, height=2")));
        assertTrue(e.getMessage().contains("missing field 'drm-format'"), e.getMessage());
    }
}
