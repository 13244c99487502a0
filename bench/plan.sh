#!/usr/bin/env bash
# Median wall time of a cold `bin/skyrun plan` (a new JVM each run) on the full shared SkyPilot
# catalog, for a GPU spec and a CPU spec. Target: <= 0.5 s.
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
for spec in "${specs[@]}"; do
  bin/skyrun plan "$spec" --catalog "$catalog" >/dev/null   # first run fills the digest cache under SKYRUN_HOME
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    bin/skyrun plan "$spec" --catalog "$catalog" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median=${sorted[$(( runs / 2 ))]}
  printf '%-28s median %4d ms   min %4d ms   max %4d ms\n' "$spec" "$median" "${sorted[0]}" "${sorted[$((runs - 1))]}"
done
