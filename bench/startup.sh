#!/usr/bin/env bash
# Startup benchmark, in one run on one machine: the median wall and CPU time over N runs
# (default 20) of
#   - a bare JVM start (a trivial main on the same java and GC options): the floor;
#   - cold `validate`, cold `plan` on a catalog directory, and `status` (no agent running:
#     validate and plan never start one; status with SKYRUN_AGENT=off);
#   - the same three through a running agent (the client's time; the agent's own CPU per command
#     is printed beside it, from /proc);
# each as a ratio to the bare JVM of the same run, with the load average before and after (other
# jobs on the machine inflate the wall times; CPU time inflates less). Then the refusal time of
# each hostile file (billion laughs, 20 MB, 10,000-deep nesting, !!javax tag).
# Build first: ./mvnw -q package -DskipTests   (on JDK 25 that also trains the AOT caches in lib/)
# Usage: bench/startup.sh [RUNS] [CATALOG_DIR]   (CATALOG_DIR default: /work/shared/catalogs/skypilot
# when it exists, else ~/.sky/catalogs/v8, else the bundled snapshot)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
catalog="${2:-}"
if [ -z "$catalog" ]; then
  for c in /work/shared/catalogs/skypilot "$HOME/.sky/catalogs/v8"; do
    if [ -d "$c" ]; then catalog="$c"; break; fi
  done
fi
catalog="${catalog:-bundled}"
[ -f lib/skyrun-cli.jar ] || { echo "bench: build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
. bin/java-home.sh # sets $home: the JDK bin/skyrun runs on
[ -x "$home/bin/javac" ] || { echo "bench: $home has no javac (the bare JVM's trivial main is compiled with it)" >&2; exit 2; }

tmp=$(mktemp -d)
export SKYRUN_HOME="$tmp/home" # a home of the bench's own: no agent of the user's serves it
cleanup() {
  SKYRUN_AGENT=off bin/skyrun agent stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/bare"
printf 'class Bare { public static void main(String[] a) {} }\n' > "$tmp/bare/Bare.java"
"$home/bin/javac" -d "$tmp/bare" "$tmp/bare/Bare.java"

# Sets $wall and $cpu (median seconds over $runs runs of "$@"; output discarded, exit code
# ignored) and $range (min and max wall).
measure() {
  local walls=() cpus=() real user sys TIMEFORMAT='%R %U %S'
  for _ in $(seq "$runs"); do
    read -r real user sys < <({ time "$@" >/dev/null 2>&1 || true; } 2>&1)
    walls+=("$(awk -v r="$real" 'BEGIN {printf "%d", r * 1000}')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')")
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", ((NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2) / 1000}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", ((NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2) / 1000}')
  range=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {printf "min %.3f, max %.3f", a[1]/1000, a[NR]/1000}')
}

# CPU seconds (user + sys) a process has used so far, from /proc (0 where there is none).
cpu_of() {
  local pid="$1" hz
  hz=$(getconf CLK_TCK)
  if [ -r "/proc/$pid/stat" ]; then
    awk -v hz="$hz" '{sub(/.*\) /, ""); printf "%.3f", ($12 + $13) / hz}' "/proc/$pid/stat"
  else
    echo 0
  fi
}

row() { # label, then the measured command; prints median wall, CPU and their ratios to the bare JVM
  local label="$1"
  shift
  measure "$@"
  printf '%-44s wall %s s (x%5.1f)  cpu %s s (x%5.1f)  (%s)\n' "$label" "$wall" \
    "$(awk -v a="$wall" -v b="$bare_wall" 'BEGIN {print (b > 0) ? a / b : 0}')" "$cpu" \
    "$(awk -v a="$cpu" -v b="$bare_cpu" 'BEGIN {print (b > 0) ? a / b : 0}')" "$range"
}

aot="none"
[ -f lib/skyrun.aot ] && aot="lib/skyrun.aot"
[ -f lib/skyrun-pure.aot ] && aot="$aot, lib/skyrun-pure.aot"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); java $home; AOT caches: $aot; runs: $runs"
echo "catalog for plan: $catalog"
spec=examples/quickstart.yaml
gpu=examples/gpu-task.yaml

measure "$home/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$tmp/bare" Bare
bare_wall=$wall bare_cpu=$cpu
printf '%-44s wall %s s (x  1.0)  cpu %s s (x  1.0)  (%s)\n' "bare JVM (trivial main)" "$wall" "$cpu" "$range"

row "cold validate $spec" bin/skyrun validate "$spec"
row "cold plan --catalog $(basename "$catalog") $gpu" bin/skyrun plan --catalog "$catalog" "$gpu"
row "status (SKYRUN_AGENT=off)" env SKYRUN_AGENT=off bin/skyrun status

bin/skyrun status >/dev/null # starts this context's agent
agent=$(SKYRUN_AGENT=off bin/skyrun agent list -o json | sed -n 's/.*"pid" : \([0-9]*\).*/\1/p' | head -1)
if [ -z "$agent" ]; then
  echo "bench: no agent started (see $SKYRUN_HOME/agents/*.log)" >&2
  exit 1
fi
through_agent() { # label, command...: a row, with the agent's own CPU per command
  local label="$1" before after
  shift
  measure "$@" # a warm-up round, not shown: the agent's first runs of a command load and compile its code
  before=$(cpu_of "$agent")
  row "$label" "$@"
  after=$(cpu_of "$agent")
  printf '%-44s agent cpu %.3f s per command\n' "" "$(awk -v a="$after" -v b="$before" -v n="$runs" 'BEGIN {print (a - b) / n}')"
}
through_agent "agent: validate $spec" bin/skyrun validate "$spec"
through_agent "agent: plan --catalog $(basename "$catalog") $gpu" bin/skyrun plan --catalog "$catalog" "$gpu"
through_agent "agent: status" bin/skyrun status
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
bin/skyrun agent stop >/dev/null # the refusals below are cold again

head -c $((20 * 1024 * 1024)) /dev/zero | tr '\0' 'a' | fold -w 100 | sed 's/^/k: /' > "$tmp/twenty-mb.yaml"
hostile=runner/core/src/test/resources/specs/hostile
for f in "$hostile/billion-laughs.yaml" "$tmp/twenty-mb.yaml" "$hostile/deep-nesting.yaml" "$hostile/javax-tag.yaml"; do
  code=0
  bin/skyrun validate --quiet "$f" >/dev/null 2>&1 || code=$?
  measure bin/skyrun validate --quiet "$f"
  printf 'refuse %-28s exit %s, median wall %s s (%s), cpu %s s\n' "$(basename "$f")" "$code" "$wall" "$range" "$cpu"
done
