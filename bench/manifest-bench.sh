#!/usr/bin/env bash
# Prints the release step's figures: artifact digest throughput and manifest parse/write times.
# Usage: bench/manifest-bench.sh [MANIFEST.json]   (build first: ./mvnw -q package -DskipTests)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd -P)"
. "$root/bin/java-home.sh"
java="$home/bin/java"
manifest=${1:-$root/bench/federated-manifest.json}
exec "$java" -cp "$root/lib/*" "$root/bench/ManifestBench.java" "$manifest"
