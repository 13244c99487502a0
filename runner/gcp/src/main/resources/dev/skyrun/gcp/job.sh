# skyrun job, sourced by the bootstrap. Rendered from the JobSpec; secrets appear only by name.
SKYRUN_IMAGE={{IMAGE}}
SKYRUN_RUN_ID={{RUN_ID}}
SKYRUN_GPUS={{GPUS}}
SKYRUN_CONTAINER="skyrun-${SKYRUN_RUN_ID}-${SKYRUN_NODE_RANK}"
skyrun_env=({{ENV}} -e "SKYRUN_NODE_RANK=$SKYRUN_NODE_RANK" -e "SKYPILOT_NODE_RANK=$SKYRUN_NODE_RANK")
skyrun_mounts=()
skyrun_outputs=()
: > "$SKYRUN_WORK/secrets.env"; chmod 600 "$SKYRUN_WORK/secrets.env"
# skyrun_secret NAME: the latest version from Secret Manager, into the container's env file
skyrun_secret() {
  local data
  data=$(curl -sf -H "$(skyrun_auth)" "$SKYRUN_SM/v1/projects/$SKYRUN_PROJECT/secrets/$1/versions/latest:access" \
    | sed -n 's/.*"data" *: *"\([^"]*\)".*/\1/p' | base64 -d) || return 1
  printf '%s=%s\n' "$1" "$data" >> "$SKYRUN_WORK/secrets.env"
}
# skyrun_copy_in N BUCKET PREFIX TARGET: COPY a gs:// prefix into a host dir bind-mounted at TARGET
skyrun_copy_in() {
  local dir="$SKYRUN_WORK/mounts/$1" key rel
  mkdir -p "$dir"
  for key in $(skyrun_list "$2" "$3"); do
    rel="${key#"$3"}"; rel="${rel#/}"; [ -z "$rel" ] && rel=$(basename "$key")
    mkdir -p "$dir/$(dirname "$rel")" && skyrun_get "$2" "$key" "$dir/$rel"
  done
  skyrun_mounts+=(-v "$dir:$4")
}
# skyrun_copy_out N BUCKET PREFIX: upload a writable mount back after the job
skyrun_copy_out() {
  local dir="$SKYRUN_WORK/mounts/$1" f
  (cd "$dir" && find . -type f | sed 's|^\./||') | while read -r f; do
    skyrun_put "$2" "${3%/}/$f" "$dir/$f"
  done
}
{{SECRETS}}
{{MOUNTS}}
skyrun_gpu=()
if [ "$SKYRUN_GPUS" != "0" ]; then skyrun_gpu=(--gpus all); fi
skyrun_report status running
skyrun_log="$SKYRUN_WORK/job.log"
: > "$skyrun_log"
(
  while true; do
    skyrun_report heartbeat "$(date +%s)"
    skyrun_put "$SKYRUN_BUCKET" "${SKYRUN_NODE}log" "$skyrun_log"
    sleep "${SKYRUN_HEARTBEAT_SECONDS:-30}"
  done
) &
skyrun_hb=$!
docker image inspect "$SKYRUN_IMAGE" >/dev/null 2>&1 || docker pull "$SKYRUN_IMAGE" >> "$skyrun_log" 2>&1
docker rm -f "$SKYRUN_CONTAINER" >/dev/null 2>&1
docker run --name "$SKYRUN_CONTAINER" --label "skyrun-run=$SKYRUN_RUN_ID" --network host \
  --env-file "$SKYRUN_WORK/secrets.env" "${skyrun_env[@]}" "${skyrun_gpu[@]}" "${skyrun_mounts[@]}" \
  "$SKYRUN_IMAGE" /bin/sh -c {{COMMAND}} >> "$skyrun_log" 2>&1
skyrun_code=$?
rm -f "$SKYRUN_WORK/secrets.env"
kill "$skyrun_hb" 2>/dev/null
for skyrun_o in "${skyrun_outputs[@]}"; do skyrun_copy_out $skyrun_o; done
skyrun_put "$SKYRUN_BUCKET" "${SKYRUN_NODE}log" "$skyrun_log"
skyrun_report exit_code "$skyrun_code"
