#!/usr/bin/env bash
# Recovery benchmark: the time from an outside `docker kill` of a running job container to the
# next attempt's container running, on the local Docker engine. Each of N runs (default 10)
# launches bench/recovery.yaml with bin/skyrun (attached, in the background, its own
# SKYRUN_HOME), waits until attempt 1's job printed its first line, kills attempt 1's container
# with `docker kill`, then cancels the run once attempt 2 is up. Both instants come from the
# engine's own event stream (`docker events`: the `kill` of <run>-1-0, the `start` of
# <run>-2-0), not from skyrun. Prints every sample, then the median, min and max.
# Build first: ./mvnw -q package -DskipTests ; images: containers/build-images.sh
# Usage: bench/recovery.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
[ -f lib/skyrun-cli.jar ] || { echo "bench: build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
containers/build-images.sh >/dev/null

home=$(mktemp -d)
export SKYRUN_HOME="$home/home"
events="$home/events.txt"
docker events --filter type=container --filter event=kill --filter event=start \
  --format '{{.TimeNano}} {{.Action}} {{.Actor.Attributes.name}}' >"$events" &
watcher=$!
cleanup() {
  kill "$watcher" 2>/dev/null || true
  bin/skyrun down --all --quiet >/dev/null 2>&1 || true
  rm -rf "$home"
}
trap cleanup EXIT

# Waits up to 60 s for a line matching $2 in file $1.
await() {
  local deadline=$((SECONDS + 60))
  until grep -q -- "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "bench: no '$2' in $1:" >&2; cat "$1" >&2; exit 1; }
    sleep 0.05
  done
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); docker $(docker version -f '{{.Server.Version}}'); runs: $runs"
samples=()
for i in $(seq "$runs"); do
  name="bench-recovery-$i"
  log="$home/$name.log"
  bin/skyrun launch bench/recovery.yaml --name "$name" >"$log" 2>&1 &
  launcher=$!
  await "$log" "attempt 1 up"
  container=$(docker ps --filter "name=^/$name-[0-9a-f]*-1-0\$" --format '{{.Names}}')
  [ -n "$container" ] || { echo "bench: no running container of $name" >&2; exit 1; }
  run=${container%-1-0}
  docker kill "$container" >/dev/null
  await "$log" "attempt 2 up"
  await "$events" " start $run-2-0"
  bin/skyrun cancel "$name" --quiet >/dev/null
  wait "$launcher" || true
  killed=$(awk -v c="$container" '$2 == "kill" && $3 == c {print $1; exit}' "$events")
  started=$(awk -v c="$run-2-0" '$2 == "start" && $3 == c {print $1; exit}' "$events")
  ms=$(( (started - killed) / 1000000 ))
  samples+=("$ms")
  printf 'run %2d  %-26s kill -> attempt 2 running  %5d ms\n' "$i" "$run" "$ms"
done
printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {
  m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
  printf "median kill -> next attempt running: %.3f s (min %.3f, max %.3f, %d runs)\n", m/1000, a[1]/1000, a[NR]/1000, NR}'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
