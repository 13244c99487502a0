#!/usr/bin/env bash
# JMH benchmarks of the catalog and the optimizer on the full shared SkyPilot catalog (read in
# place): catalog load time, and warm optimize time for 20 varied requests.
#   bench/catalog.sh                  # everything (~3 minutes)
#   bench/catalog.sh Optimize         # a JMH include pattern
# The catalog is $SKYRUN_CATALOG_DIR, else shared/catalogs/skypilot found above the repo.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
# The reactor resolves skyrun-core to its freshly built jar; bench is built last, so its class path wins.
./mvnw -q -B -pl runner/bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
"$JAVA_HOME/bin/java" -cp "runner/bench/target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main \
  -rf text -rff "${TMPDIR:-/tmp}/skyrun-jmh.txt" "${@:-dev.skyrun.bench}"
