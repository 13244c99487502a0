#!/usr/bin/env bash
# Median wall time of a cold `bin/skyrun plan` (a new JVM each run) on the full shared SkyPilot
# catalog, for a GPU spec and a CPU spec, with its CPU time. Target: <= 0.5 s wall on an idle machine.
#   bench/plan.sh                      # 11 runs each of bench/plan-gpu.yaml and bench/plan-cpu.yaml
#   RUNS=21 bench/plan.sh my-task.yaml
# Needs the distribution: ./mvnw -q package -DskipTests. The catalog is $SKYRUN_CATALOG_DIR, else
# shared/catalogs/skypilot found above the repo (read in place).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
runs="${RUNS:-11}"
catalog="${SKYRUN_CATALOG_DIR:-}"
if [ -z "$catalog" ]; then
  d="$root"
  while [ "$d" != "/" ] && [ ! -d "$d/shared/catalogs/skypilot" ]; do d="$(dirname "$d")"; done
  catalog="$d/shared/catalogs/skypilot"
fi
[ -d "$catalog" ] || { echo "plan.sh: no catalog at $catalog (set SKYRUN_CATALOG_DIR)" >&2; exit 2; }
[ -f lib/skyrun-cli.jar ] || { echo "plan.sh: build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(bench/plan-gpu.yaml bench/plan-cpu.yaml)
export SKYRUN_HOME="${SKYRUN_HOME:-$(mktemp -d)}"
echo "catalog: $catalog ($(cat "$catalog"/*/vms.csv | wc -l) rows), $runs cold runs each, nproc $(nproc), load $(cut -d' ' -f1 /proc/loadavg)"
# Wall time is what a user waits; CPU time (user + sys, JIT threads included) shows what the run
# costs when other jobs share the machine (wall grows with the load average, CPU time much less).
TIMEFORMAT='%R %U %S'
for spec in "${specs[@]}"; do
  bin/skyrun plan "$spec" --catalog "$catalog" >/dev/null   # first run fills the digest cache under SKYRUN_HOME
  walls=(); cpus=()
  for _ in $(seq "$runs"); do
    read -r real user sys < <({ time bin/skyrun plan "$spec" --catalog "$catalog" >/dev/null; } 2>&1)
    walls+=("$(awk -v r="$real" 'BEGIN {printf "%d", r * 1000}')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')")
  done
  w=($(printf '%s\n' "${walls[@]}" | sort -n)); c=($(printf '%s\n' "${cpus[@]}" | sort -n))
  printf '%-22s wall median %4d ms (min %4d, max %4d)   cpu median %4d ms (min %4d)\n' "$spec" \
    "${w[$(( runs / 2 ))]}" "${w[0]}" "${w[$((runs - 1))]}" "${c[$(( runs / 2 ))]}" "${c[0]}"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
