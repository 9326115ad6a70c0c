#!/usr/bin/python3
"""Steady-state cost of a GStreamer pipeline, timed from its Nth buffer (the counterpart of
org.zeropipe.bench.SteadyState): wall time and this process's CPU time between buffer number
WARM and number WARM + MEASURE reaching the element named sink.
usage: steady-state.py WARM MEASURE PIPELINE...   prints: gstreamer wall-ns/buf cpu-ns/buf buffers"""
import os
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402


def main():
    warm, measure = int(sys.argv[1]), int(sys.argv[2])
    Gst.init(None)
    pipeline = Gst.parse_launch(" ".join(sys.argv[3:]))
    sink = pipeline.get_by_name("sink")
    marks = {}
    seen = [0]
    done = threading.Event()

    def cpu():
        t = os.times()
        return t.user + t.system

    def probe(pad, info):
        seen[0] += 1
        if seen[0] == warm:
            marks["start"] = (time.monotonic(), cpu())
        elif seen[0] == warm + measure:
            marks["end"] = (time.monotonic(), cpu())
            done.set()
        return Gst.PadProbeReturn.OK

    sink.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, probe)
    pipeline.set_state(Gst.State.PLAYING)
    bus = pipeline.get_bus()
    try:
        while not done.is_set():
            msg = bus.timed_pop_filtered(100 * Gst.MSECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
            if msg is not None:
                raise SystemExit("ended before buffer %d: %s" % (warm + measure, msg.type))
    finally:
        pipeline.set_state(Gst.State.NULL)
    (w0, c0), (w1, c1) = marks["start"], marks["end"]
    print("gstreamer %d %d %d" % ((w1 - w0) * 1e9 / measure, (c1 - c0) * 1e9 / measure, measure))


if __name__ == "__main__":
    main()
