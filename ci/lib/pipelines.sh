# The pipelines both benchmarks run (sourced): zp_pipeline SHAPE prints the part between
# "fakesrc num-buffers=N !" and "fakesink".
zp_shapes="direct queue identity10"
zp_pipeline() {
  case $1 in
    direct) echo "" ;;
    queue) echo "queue ! " ;;
    identity10) for _ in $(seq 10); do printf 'identity ! '; done ;;
  esac
}
