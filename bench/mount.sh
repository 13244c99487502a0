#!/usr/bin/env bash
# Time to first byte of a job over a 1 GiB dataset (16 objects of 64 MiB in S3Mock on 127.0.0.1)
# with the dataset as a MOUNT (rclone FUSE, streamed) vs a COPY (downloaded before the job
# starts), on local Docker, interleaved ROUNDS times (default 3) after one untimed launch of each;
# launches go through the skyrun agent as a user's do (the warm-up starts it; it is stopped at the
# end); prints each round, the medians and their ratio.
# Needs rclone and fuse3 (apt-get install rclone fuse3) and /dev/fuse.
# Build first: ./mvnw -q package -DskipTests
# Usage: bench/mount.sh [GIB] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd -P)"
cd "$root"
. "$root/bin/java-home.sh"
[ -f lib/skyrun-cli.jar ] || { echo "bench: build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
image=$(containers/build-images.sh)
work=$(mktemp -d)
trap 'SKYRUN_HOME="$work/home" bin/skyrun down --all -q >/dev/null 2>&1 || true
      SKYRUN_HOME="$work/home" bin/skyrun agent stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# The S3 server's class path (S3Mock, as the tests use it), from the local Maven repository.
JAVA_HOME="$home" ./mvnw -q -B -f bench/s3mock/pom.xml dependency:build-classpath -Dmdep.outputFile="$work/s3mock.cp"
"$home/bin/java" -cp "$root/lib/*:$(cat "$work/s3mock.cp")" bench/MountBench.java "$root" "$work" "$image" "${1:-1}" "${2:-3}"
