#!/usr/bin/python3
"""Times GStreamer's own caps operations on the caps of CapsBench, through python3-gst-1.0.

Each number includes the cost of calling from Python into GStreamer; the 'python call' line
(gst_caps_get_size on the same caps) estimates that overhead so it can be subtracted.
Usage: /usr/bin/python3 bench/scripts/gst-caps-bench.py
"""
import timeit

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

Gst.init(None)

# Keep in sync with org.zeropipe.bench.CapsBench.
SOURCE = ("video/x-raw, format=(string){ I420, NV12, YUY2, RGBA, BGRA }, "
          "width=(int)[ 1, 4096 ], height=(int)[ 1, 2160 ], framerate=(fraction)[ 0/1, 120/1 ], "
          "pixel-aspect-ratio=(fraction)1/1; video/x-raw(memory:GLMemory), format=(string){ RGBA, NV12 }, "
          "width=(int)[ 1, 8192 ], height=(int)[ 1, 8192 ], framerate=(fraction)[ 0/1, 2147483647/1 ]")
SINK = ("video/x-raw(memory:GLMemory), format=(string)RGBA, width=(int)1920, "
        "height=(int)1080, framerate=(fraction){ 60/1, 30/1 }; video/x-raw, format=(string){ NV12, I420 }, "
        "width=(int)[ 640, 1920 ], height=(int)[ 480, 1080 ], framerate=(fraction)30/1")

source = Gst.Caps.from_string(SOURCE)
sink = Gst.Caps.from_string(SINK)
common = source.intersect(sink)

cases = [
    ("parse", lambda: Gst.Caps.from_string(SOURCE)),
    ("intersect", lambda: source.intersect(sink)),
    ("fixate (includes the copy fixate makes of shared caps)", lambda: common.fixate()),
    ("print", lambda: source.to_string()),
    ("isSubset", lambda: sink.is_subset(source)),
    ("python call (gst_caps_get_size)", lambda: source.get_size()),
]
for name, fn in cases:
    n = 20000
    best = min(timeit.repeat(fn, number=n, repeat=5)) / n
    print("%-56s %9.0f ns/op" % (name, best * 1e9))
