#!/usr/bin/env bash
# One full usage-drop detection sweep (UsageStore.findDrops) over 100,000 customers with 90 days of
# daily rollups in an embedded PostgreSQL; prints data-generation time and 5 timed sweeps.
#   bench/detection-sweep.sh                               the full benchmark (~3 minutes)
#   bench/detection-sweep.sh -Dvigil.bench.customers=5000  a quick run on less data
# Extra arguments go to Maven. Only the `bench`-tagged DetectionSweepBenchmark runs.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
mvn -B -pl app test -Dgroups=bench -DexcludedGroups=none -Dtest=DetectionSweepBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep -vE "^\[INFO\] (---|Download|Copying)"
