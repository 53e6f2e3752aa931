#!/usr/bin/env bash
# Installs (if missing) and checks every Debian package the README's commands use, then configures
# and builds. Each step is printed with its duration; the compiler's output goes to
# BUILD_DIR/build.log (its tail is printed if the build fails).
# Usage: scripts/setup.sh [BUILD_DIR] [extra cmake args...]   (default BUILD_DIR: build)
#        scripts/setup.sh --check-only   (packages only: install if missing, check, no build)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/steps.sh

# Build: compiler, CMake, the libraries. Plots (scripts/plot.py, scripts/reproduce.sh): matplotlib, pandas.
PACKAGES=(g++ cmake make pkg-config libsimgrid-dev nlohmann-json3-dev libeigen3-dev libcli11-dev catch2
          python3 python3-matplotlib python3-pandas)

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

install_packages() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  if [ -z "$missing" ]; then
    echo "   all ${#PACKAGES[@]} packages installed"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: $missing" >&2
    echo "setup: run as root, or: sudo apt-get install -y $missing" >&2
    return 1
  fi
  echo "   installing: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

check_packages() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  if [ -n "$missing" ]; then
    echo "setup: still missing after installation: $missing" >&2
    return 1
  fi
  pkg-config --atleast-version=3.32 simgrid || { echo "setup: SimGrid >= 3.32 is required" >&2; return 1; }
  /usr/bin/python3 -c "import matplotlib, pandas" || { echo "setup: /usr/bin/python3 cannot import matplotlib and pandas" >&2; return 1; }
  echo "   SimGrid $(pkg-config --modversion simgrid), $(cmake --version | head -1), $(g++ --version | head -1)," \
       "matplotlib $(/usr/bin/python3 -c 'import matplotlib; print(matplotlib.__version__)')," \
       "pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')"
}

step "Debian packages" install_packages
step "checking the packages" check_packages
[ "${1:-}" = "--check-only" ] && exit 0

build=${1:-build}
shift || true

configure() {
  mkdir -p "$build"
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >"$build/configure.log" 2>&1 || {
    cat "$build/configure.log" >&2
    return 1
  }
}

compile() {
  local log=$build/build.log
  # One line per finished target; the whole compiler output is in the log.
  if cmake --build "$build" -j "$(nproc)" >"$log" 2>&1; then
    grep -E "Built target" "$log" | sed 's/^.*Built target/   built/' || true
  else
    echo "setup: the build failed; the end of $log:" >&2
    tail -n 60 "$log" >&2
    return 1
  fi
}

build_type=Release # configure() passes Release first: a later -DCMAKE_BUILD_TYPE= in "$@" wins
for flag in "$@"; do
  case $flag in -DCMAKE_BUILD_TYPE=*) build_type=${flag#-DCMAKE_BUILD_TYPE=} ;; esac
done
step "configuring $build (cmake, $build_type; $*)" configure "$@"
step "building $build (cmake --build -j $(nproc); log: $build/build.log)" compile
