#!/bin/bash
# skyrun bootstrap (the VM's startup-script). Rendered by skyrun; holds no secret values.
# It reports to GCS under the cluster's prefix, waits for the job skyrun submits there, and runs it.
set -u
SKYRUN_GCS="${SKYRUN_GCS_ENDPOINT:-https://storage.googleapis.com}"
SKYRUN_MD="${SKYRUN_METADATA_URL:-http://metadata.google.internal/computeMetadata/v1}"
SKYRUN_SM="${SKYRUN_SECRETS_ENDPOINT:-https://secretmanager.googleapis.com}"
SKYRUN_BUCKET={{BUCKET}}
SKYRUN_PREFIX={{PREFIX}}
SKYRUN_PROJECT={{PROJECT}}
SKYRUN_WORK="${SKYRUN_WORK_DIR:-/var/lib/skyrun}"
SKYRUN_NODE_RANK={{RANK}}
SKYRUN_NODE="${SKYRUN_PREFIX}node-${SKYRUN_NODE_RANK}/"
mkdir -p "$SKYRUN_WORK"

skyrun_md() { curl -sf -H 'Metadata-Flavor: Google' "$SKYRUN_MD/$1"; }
skyrun_auth() {
  local t
  t=$(skyrun_md instance/service-accounts/default/token | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
  if [ -n "$t" ]; then echo "Authorization: Bearer $t"; else echo "X-Skyrun-Auth: none"; fi
}
skyrun_urlenc() {
  local s="$1" o="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in [a-zA-Z0-9._~-]) o+="$c" ;; *) printf -v c '%%%02X' "'$c"; o+="$c" ;; esac
  done
  echo "$o"
}
# skyrun_put BUCKET KEY FILE
skyrun_put() {
  curl -sf -X POST -H "$(skyrun_auth)" -H 'Content-Type: application/octet-stream' --data-binary "@$3" \
    "$SKYRUN_GCS/upload/storage/v1/b/$1/o?uploadType=media&name=$(skyrun_urlenc "$2")" >/dev/null
}
# skyrun_get BUCKET KEY FILE
skyrun_get() {
  curl -sf -H "$(skyrun_auth)" -o "$3" "$SKYRUN_GCS/storage/v1/b/$1/o/$(skyrun_urlenc "$2")?alt=media"
}
# skyrun_list BUCKET PREFIX: object names, one a line
skyrun_list() {
  curl -sf -H "$(skyrun_auth)" "$SKYRUN_GCS/storage/v1/b/$1/o?prefix=$(skyrun_urlenc "$2")" \
    | grep -o '"name" *: *"[^"]*"' | sed 's/.*: *"\(.*\)"/\1/'
}
# skyrun_report FILE TEXT: a node file under the cluster prefix
skyrun_report() {
  local tmp="$SKYRUN_WORK/.report.$1"
  printf '%s' "$2" > "$tmp" && skyrun_put "$SKYRUN_BUCKET" "${SKYRUN_NODE}$1" "$tmp"
}

skyrun_report status starting
# The metadata server says TRUE when Compute Engine preempts this spot VM.
(
  while true; do
    v=$(skyrun_md "instance/preempted?wait_for_change=true&timeout_sec=60")
    if [ "$v" = "TRUE" ]; then skyrun_report preempted "metadata server: instance/preempted=TRUE"; break; fi
    sleep 2
  done
) &
until skyrun_get "$SKYRUN_BUCKET" "${SKYRUN_PREFIX}job.sh" "$SKYRUN_WORK/job.sh"; do sleep "${SKYRUN_JOB_POLL_SECONDS:-5}"; done
. "$SKYRUN_WORK/job.sh"
