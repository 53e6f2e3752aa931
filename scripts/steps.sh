# Sourced by the set-up scripts: `step NAME COMMAND...` prints the step, runs it and prints how long
# it took; a failing step prints its name and exit code and stops the script.
step() {
  local name=$1 t0 rc
  shift
  t0=$(date +%s)
  echo "== $name ..."
  "$@" && rc=0 || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "== $name: FAILED (exit $rc) after $(($(date +%s) - t0)) s" >&2
    exit "$rc"
  fi
  echo "== $name: done in $(($(date +%s) - t0)) s"
}
