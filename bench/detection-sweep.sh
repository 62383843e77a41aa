#!/usr/bin/env bash
# One full usage-drop detection sweep (UsageStore.findDrops) over 100,000 customers with 90 days of
# daily rollups in an embedded PostgreSQL; prints data-generation time, 5 timed sweeps, 5 timed
# sweeps in pages of 5,000 customers (as the sweep workflow detects), the floor (a bare scan of the
# 35 days of both rollup tables the sweep reads, interleaved with it), the sliced sweep (its slices
# 4 at once, as the workflow runs a wave; -Dvigil.bench.parallel-slices=N) and the roll-up planning check.
#   bench/detection-sweep.sh                               the full benchmark (~5 minutes)
#   bench/detection-sweep.sh -Dvigil.bench.customers=5000  a quick run on less data
#   bench/detection-sweep.sh -Dvigil.bench.page-size=20000 other pages
# Extra arguments go to Maven. Only the `bench`-tagged DetectionSweepBenchmark runs. The modules are
# built in the same reactor (-am), so nothing is installed into the shared local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -pl app -am test -Dgroups=bench -DexcludedGroups=none -Dtest=DetectionSweepBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep -vE "^\[INFO\] (---|Download|Copying)"
