#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock: installs Debian's docker.io and
# busybox-static when missing (needs root and the Debian registry), then starts dockerd in the
# background. Safe to run again.
set -euo pipefail
if docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1 || [ ! -x /bin/busybox ]; then
  echo "docker-up: installing docker.io and busybox-static" >&2
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io busybox-static >/dev/null
fi
log=${DOCKERD_LOG:-/tmp/skyrun-dockerd.log}
echo "docker-up: starting dockerd (log: $log)" >&2
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 0.5
done
echo "docker-up: dockerd did not answer within 30 s; its log:" >&2
tail -n 30 "$log" >&2
exit 1
