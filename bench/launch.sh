#!/usr/bin/env bash
# Launch benchmark: the median wall time of `bin/skyrun launch` of a trivial container
# (busybox, `echo hi`, cloud local) against a bare `docker run --rm` of the same image and
# command, N runs each (default 15), interleaved so both see the same machine load; and the ratio.
# Each launch runs in a fresh SKYRUN_HOME-backed state (one home for the whole benchmark); its
# container is removed after each timed run (`skyrun down`, not timed), as docker run --rm does.
# Launches go through the skyrun agent (the default; the warm-up launch starts it); the same
# runs with SKYRUN_AGENT=off (a JVM per launch) are printed after, for comparison.
# Build first: ./mvnw -q package -DskipTests   (on JDK 25 that also trains lib/skyrun.aot)
# Usage: bench/launch.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
[ -f lib/skyrun-cli.jar ] || { echo "bench: build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
image=$(containers/build-images.sh)
work=$(mktemp -d)
export SKYRUN_HOME="$work/home"
trap 'bin/skyrun down --all -q >/dev/null 2>&1 || true; bin/skyrun agent stop -q >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cat >"$work/echo.yaml" <<YAML
name: bench-launch
resources: {cloud: local}
image: $image
run: echo hi
YAML

# One run of "$@" (output discarded): appends "WALL_MS CPU_MS" (CPU = user + sys of the command
# and its children) to file $1; fails the benchmark when the command fails.
timed() {
  local file=$1 real user sys TIMEFORMAT='%R %U %S'
  shift
  read -r real user sys < <({ time "$@" >/dev/null 2>&1 || echo "FAILED"; } 2>&1)
  if [ "$real" = FAILED ]; then
    echo "bench: failed: $*" >&2
    "$@" >&2 || true
    exit 1
  fi
  awk -v r="$real" -v u="$user" -v s="$sys" 'BEGIN {printf "%d %d\n", r * 1000, (u + s) * 1000}' >>"$file"
}
# Median, min and max of column $1 of the numbers on stdin (milliseconds), printed in seconds.
stats() {
  awk -v c="$1" '{print $c}' | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f %.3f %.3f\n", m/1000, a[1]/1000, a[NR]/1000}'
}

aot="no"
[ -f lib/skyrun.aot ] && aot="yes"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); AOT cache: $aot; runs: $runs; image: $image"
# warm-up (not counted): the engine's image layers, the page cache of lib/
timed "$work/warm" docker run --rm "$image" echo hi
timed "$work/warm" bin/skyrun launch -q "$work/echo.yaml"
bin/skyrun down --all -q >/dev/null
for _ in $(seq "$runs"); do
  timed "$work/docker" docker run --rm "$image" echo hi
  timed "$work/skyrun" bin/skyrun launch -q "$work/echo.yaml"
  bin/skyrun down --all -q >/dev/null
done
for _ in $(seq "$runs"); do
  timed "$work/jvm" env SKYRUN_AGENT=off bin/skyrun launch -q "$work/echo.yaml"
  bin/skyrun down --all -q >/dev/null
done
read -r dm dmin dmax < <(stats 1 <"$work/docker")
read -r sm smin smax < <(stats 1 <"$work/skyrun")
read -r sc _ _ < <(stats 2 <"$work/skyrun")
read -r jm jmin jmax < <(stats 1 <"$work/jvm")
printf 'docker run --rm %s echo hi          median %s s (min %s, max %s)\n' "$image" "$dm" "$dmin" "$dmax"
printf 'skyrun launch (cloud local, echo hi)  median %s s (min %s, max %s), client cpu %s s (through the agent)\n' "$sm" "$smin" "$smax" "$sc"
printf 'skyrun launch, SKYRUN_AGENT=off       median %s s (min %s, max %s) (a JVM per launch; not interleaved)\n' "$jm" "$jmin" "$jmax"
awk -v s="$sm" -v d="$dm" 'BEGIN {printf "ratio skyrun/docker                   %.2f (target <= 1.3)\n", s / d}'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
