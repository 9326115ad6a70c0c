# The pipelines ci/bench runs on both GStreamer and zeropipe (sourced).
# One line each: NAME|BUFFERS|PIPELINE, where @N@ in PIPELINE becomes the buffer count (the
# same text must run on gst-launch-1.0 and ./zeropipe launch). Later issues add their lines.
# PIPELINE is split into arguments at spaces only; \n in it becomes a newline (GLSL needs them),
# so a quoted property value may hold several lines.
zp_bench_table='
direct|1000000|fakesrc num-buffers=@N@ ! fakesink
queue|1000000|fakesrc num-buffers=@N@ ! queue ! fakesink
identity10|1000000|fakesrc num-buffers=@N@ ! identity ! identity ! identity ! identity ! identity ! identity ! identity ! identity ! identity ! identity ! fakesink
testsrc-black|2000|videotestsrc num-buffers=@N@ pattern=black ! video/x-raw,format=RGBA,width=1920,height=1080 ! fakesink
testsrc-smpte|2000|videotestsrc num-buffers=@N@ pattern=smpte ! video/x-raw,format=RGBA,width=1920,height=1080 ! fakesink
audio-chain|200000|audiotestsrc num-buffers=@N@ ! audio/x-raw,format=S16LE,rate=44100,channels=2 ! audioconvert ! audio/x-raw,format=F32LE ! audioresample ! audio/x-raw,rate=48000 ! fakesink
gl-upload-shader-download|300|videotestsrc num-buffers=@N@ ! video/x-raw,format=RGBA,width=1920,height=1080,framerate=30/1 ! glupload ! glshader fragment="#version 100\n#ifdef GL_ES\nprecision highp float;\n#endif\nvarying vec2 v_texcoord; uniform sampler2D tex; void main () { vec4 c = texture2D(tex, v_texcoord); gl_FragColor = vec4(1.0 - c.rgb, c.a); }" ! gldownload ! video/x-raw ! fakesink
gltestsrc-download|300|gltestsrc num-buffers=@N@ ! video/x-raw(memory:GLMemory),width=1920,height=1080 ! gldownload ! video/x-raw ! fakesink
gltestsrc-shader|300|gltestsrc num-buffers=@N@ ! video/x-raw(memory:GLMemory),width=1920,height=1080 ! glshader ! fakesink
gl-upload-convert-nv12-download|300|videotestsrc num-buffers=@N@ ! video/x-raw,format=RGBA,width=1920,height=1080,framerate=30/1 ! glupload ! glcolorconvert ! video/x-raw(memory:GLMemory),format=NV12 ! gldownload ! video/x-raw ! fakesink
gltestsrc-convert-nv12|300|gltestsrc num-buffers=@N@ ! video/x-raw(memory:GLMemory),width=1920,height=1080 ! glcolorconvert ! video/x-raw(memory:GLMemory),format=NV12 ! fakesink
glvideomixer-2x1080p|300|glvideomixer name=m sink_1::alpha=0.5 ! gldownload ! video/x-raw ! fakesink gltestsrc num-buffers=@N@ ! video/x-raw(memory:GLMemory),width=1920,height=1080 ! m. gltestsrc num-buffers=@N@ pattern=checkers-8 ! video/x-raw(memory:GLMemory),width=1920,height=1080 ! m.
gltestsrc-transform-download|300|gltestsrc num-buffers=@N@ ! video/x-raw(memory:GLMemory),width=1920,height=1080 ! gltransformation rotation-z=15 ! video/x-raw(memory:GLMemory),width=1280,height=720 ! gldownload ! video/x-raw ! fakesink
convert-rgba-i420|300|videotestsrc num-buffers=@N@ pattern=snow ! video/x-raw,format=RGBA,width=1920,height=1080 ! videoconvert ! video/x-raw,format=I420 ! fakesink
compositor-2x720p|300|videotestsrc num-buffers=@N@ pattern=smpte ! video/x-raw,format=RGBA,width=1280,height=720,framerate=30/1 ! m.  videotestsrc num-buffers=@N@ pattern=ball ! video/x-raw,format=RGBA,width=1280,height=720,framerate=30/1 ! m.  compositor name=m sink_1::xpos=640 sink_1::ypos=360 sink_1::alpha=0.5 ! video/x-raw,width=1920,height=1080 ! fakesink
v4l2-mmap|60|v4l2src device=/dev/video0 io-mode=mmap num-buffers=@N@ ! video/x-raw,format=YUY2,width=320,height=180 ! fakesink
v4l2-dmabuf|60|v4l2src device=/dev/video0 io-mode=dmabuf num-buffers=@N@ ! video/x-raw,format=YUY2,width=320,height=180 ! fakesink
v4l2-userptr|60|v4l2src device=/dev/video0 io-mode=userptr num-buffers=@N@ ! video/x-raw,format=YUY2,width=320,height=180 ! fakesink
'
# The v4l2-* lines need vivid at /dev/video0: run them in the VM (docs/v4l2.md):
#   ci/vm/run-in-vm.sh -e JAVA_HOME=$JAVA_HOME -- ci/bench 3 v4l2-mmap v4l2-dmabuf v4l2-userptr
# Under TCG start-up swamps those; ci/vm/bench-v4l2 times the same capture in steady state.
# The runtime's three shapes, also measured by the JMH PipelineBench (ci/bench-pipelines).
zp_shapes="direct queue identity10"

# (the v4l2-* lines only where a V4L2 device is: in the VM)
zp_bench_names() {
  echo "$zp_bench_table" | awk -F'|' 'NF == 3 {print $1}' | { if [ -e /dev/video0 ]; then cat; else grep -v '^v4l2-'; fi; }
}
zp_bench_buffers() { echo "$zp_bench_table" | awk -F'|' -v n="$1" '$1 == n {print $2}'; }
# zp_bench_pipeline NAME COUNT: the pipeline text with COUNT buffers
zp_bench_pipeline() {
  echo "$zp_bench_table" | awk -F'|' -v n="$1" '$1 == n {print $3}' | sed "s/@N@/$2/g; s/\\\\n/\\n/g"
}
# zp_bench_words NAME COUNT: that text as the launch tools' arguments, into the array zp_words
zp_bench_words() {
  IFS=' ' read -r -d '' -a zp_words < <(printf '%s\0' "$(zp_bench_pipeline "$1" "$2")") || true
}
