#!/usr/bin/env bash
# Team-mode benchmark: RUNS (default 200) concurrent tiny runs (bench/team.yaml: busybox, sleep
# 60 s) on the local Docker engine, launched with `launch -d` and handed to two `skyrun
# controller` processes (homes of their own, as on two machines) sharing one PostgreSQL
# (Debian's, started here in a temporary directory on a free loopback port, as the tests do).
# Each job sleeps SLEEP seconds (default 240: launching 200 runs 4 at a time takes about two
# minutes on a loaded 2-core machine, so all of them run at once for a while).
# Reports how many runs each controller adopted (and how many were adopted more than once, with
# why their first controller let go), how many ran at once, each controller's peak resident
# memory (VmHWM) and CPU seconds (utime + stime), the state write latency each measured (p50/p99
# of every write from call to commit, waiting for the connection included, as `skyrun controller`
# prints it when it stops) and how many statements the server itself took over 250 ms for.
# Build first: ./mvnw -q package -DskipTests ; images: containers/build-images.sh
# Usage: bench/team.sh [RUNS] [SLEEP]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-200}"
sleep_s="${2:-240}"
[ -f lib/skyrun-cli.jar ] || { echo "bench: build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
containers/build-images.sh >/dev/null
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/postgres" ] || { echo "bench: install Debian's postgresql (apt-get install postgresql)" >&2; exit 2; }

work=$(mktemp -d)
as_pg() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }
[ "$(id -u)" != 0 ] || { chmod 711 "$work"; mkdir -p "$work/pg"; chown postgres:postgres "$work/pg"; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  SKYRUN_HOME="$work/laptop" timeout 120 bin/skyrun down --all --quiet >/dev/null 2>&1 || true
  SKYRUN_HOME="$work/laptop" timeout 30 bin/skyrun agent stop >/dev/null 2>&1 || true
  [ -z "${pg:-}" ] || { kill -QUIT "$pg" 2>/dev/null; timeout 30 tail --pid="$pg" -f /dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

as_pg "$pgbin/initdb" -D "$work/pg/data" -U skyrun --auth=trust -E UTF8 --locale=C >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$pgbin/postgres" -D "$work/pg/data" -p "$port" -k "$work/pg" -c listen_addresses=127.0.0.1 \
  -c max_connections=300 -c log_min_duration_statement=250 >"$work/postgres.log" 2>&1 &
pg=$!
until "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$port"; do sleep 0.2; done
"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U skyrun skyrun
export SKYRUN_STATE="postgresql://skyrun@127.0.0.1:$port/skyrun"
psql() { "$pgbin/psql" -h 127.0.0.1 -p "$port" -U skyrun -d skyrun -tAc "$1"; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); docker $(docker version -f '{{.Server.Version}}'); postgres $("$pgbin/postgres" --version | awk '{print $3}'); runs: $runs, each sleeping $sleep_s s"
controllers=()
for c in a b; do
  mkdir -p "$work/$c"
  SKYRUN_HOME="$work/$c" SKYRUN_AGENT=off bin/skyrun controller --lease 15 2>"$work/controller-$c.log" &
  controllers+=("$!"); pids+=("$!")
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sleep 2
cpu0=(); for p in "${controllers[@]}"; do cpu0+=("$(cpu "$p")"); done

start=$SECONDS
seq "$runs" | xargs -P 4 -I{} env SKYRUN_HOME="$work/laptop" bin/skyrun launch -d -q bench/team.yaml \
  --name "team-bench-{}" --env SLEEP="$sleep_s" >"$work/launches.log" 2>&1 || { echo "bench: a launch failed:" >&2; tail "$work/launches.log" >&2; exit 1; }
launched=$((SECONDS - start))
peak=0
deadline=$((SECONDS + 900 + sleep_s))
while :; do
  running=$(psql "SELECT count(*) FROM runs WHERE status = 'RUNNING' AND lease_owner LIKE 'controller%'")
  [ "$running" -le "$peak" ] || peak=$running
  done_=$(psql "SELECT count(*) FROM runs WHERE status IN ('SUCCEEDED', 'FAILED', 'INFRA_FAILED', 'CANCELLED')")
  [ "$done_" -lt "$runs" ] || break
  [ $SECONDS -lt $deadline ] || { echo "bench: only $done_ of $runs runs ended in time" >&2; exit 1; }
  sleep 1
done
elapsed=$((SECONDS - start))
succeeded=$(psql "SELECT count(*) FROM runs WHERE status = 'SUCCEEDED'")
tick=$(getconf CLK_TCK)
echo "launched $runs runs (launch -d, 4 at a time) in ${launched} s; all ended after ${elapsed} s; succeeded: $succeeded; at most $peak running under the controllers at once"
i=0
for c in a b; do
  p=${controllers[$i]}
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$p/status")
  used=$(( $(cpu "$p") - ${cpu0[$i]} ))
  kill -TERM "$p"; wait "$p" 2>/dev/null || true
  adopted=$(grep -c 'Z adopted ' "$work/controller-$c.log" || true)
  writes=$(grep 'state .* writes' "$work/controller-$c.log" | tail -n 1 | sed 's/.*state //')
  printf 'controller %s: adopted %3d runs; peak RSS %4d MiB; CPU %6.1f s; state %s\n' "$c" "$adopted" \
    $((rss / 1024)) "$(echo "$used $tick" | awk '{print $1 / $2}')" "$writes"
  i=$((i + 1))
done
twice=$(cat "$work"/controller-[ab].log | sed -n 's/.*Z adopted //p' | sort | uniq -d | wc -l)
echo "runs adopted more than once: $twice; server statements over 250 ms: $(grep -c 'duration: ' "$work/postgres.log" || true)"
grep -hi 'not continued\|abandon\|lost' "$work"/controller-[ab].log | head -n 6 || true
