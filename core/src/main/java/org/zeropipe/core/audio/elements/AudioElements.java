package org.zeropipe.core.audio.elements;

import java.util.List;

import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** The raw audio elements of module core. */
public final class AudioElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(
                new ElementFactory("audiotestsrc", "sine, square, saw, triangle, silence, noise and ticks",
                        AudioTestSrc::new),
                new ElementFactory("fakeaudiosink", "plays audio in real time into nothing; provides the clock",
                        FakeAudioSink::new),
                new ElementFactory("audioconvert", "converts sample format and channels", AudioConvert::new),
                new ElementFactory("audioresample", "changes the sample rate (windowed sinc)", AudioResample::new),
                new ElementFactory("wavenc", "writes raw audio as a RIFF/WAVE file", WavEnc::new));
    }
}
