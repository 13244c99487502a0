#!/usr/bin/env bash
# Startup benchmark: the median wall time of `bin/skyrun --version` and of
# `bin/skyrun validate examples/quickstart.yaml` over N runs (default 20), plus the refusal
# time of each hostile file (billion laughs, 20 MB, 10,000-deep nesting, !!javax tag).
# Build first: ./mvnw -q package -DskipTests   (on JDK 25 that also trains lib/skyrun.aot)
# Usage: bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
[ -f lib/skyrun-cli.jar ] || { echo "bench: build first: ./mvnw -q package -DskipTests" >&2; exit 2; }

# Median wall and CPU (user + sys) seconds over $runs runs of "$@" (output discarded; exit code
# ignored). CPU time shows the cost when other jobs share the machine; wall grows with the load.
median() {
  local walls=() cpus=() real user sys TIMEFORMAT='%R %U %S'
  for _ in $(seq "$runs"); do
    read -r real user sys < <({ time "$@" >/dev/null 2>&1 || true; } 2>&1)
    walls+=("$(awk -v r="$real" 'BEGIN {printf "%d", r * 1000}')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')")
  done
  printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f s (min %.3f, max %.3f)", m/1000, a[1]/1000, a[NR]/1000}'
  printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf ", cpu %.3f s", m/1000}'
}

aot="no"
[ -f lib/skyrun.aot ] && aot="yes (lib/skyrun.aot)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); AOT cache: $aot; runs: $runs"
echo "skyrun --version                            median $(median bin/skyrun --version)"
echo "skyrun validate examples/quickstart.yaml    median $(median bin/skyrun validate examples/quickstart.yaml)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c $((20 * 1024 * 1024)) /dev/zero | tr '\0' 'a' | fold -w 100 | sed 's/^/k: /' > "$tmp/twenty-mb.yaml"
hostile=runner/core/src/test/resources/specs/hostile
for f in "$hostile/billion-laughs.yaml" "$tmp/twenty-mb.yaml" "$hostile/deep-nesting.yaml" "$hostile/javax-tag.yaml"; do
  code=0; bin/skyrun validate --quiet "$f" >/dev/null 2>&1 || code=$?
  printf 'refuse %-28s exit %s, median %s\n' "$(basename "$f")" "$code" "$(median bin/skyrun validate --quiet "$f")"
done
