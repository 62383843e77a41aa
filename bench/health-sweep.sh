#!/usr/bin/env bash
# The daily health scoring (the sweep's health step) over 100,000 customers with 90 days of daily
# rollups, seats, an account history and usage-drop signals, in an embedded PostgreSQL; prints
# data-generation time and 3 timed scorings of every customer in pages of 5,000.
#   bench/health-sweep.sh                               the full benchmark (~5 minutes)
#   bench/health-sweep.sh -Dvigil.bench.customers=5000  a quick run on less data
#   bench/health-sweep.sh -Dvigil.bench.page-size=20000 other pages
# Extra arguments go to Maven. Only the `bench`-tagged HealthSweepBenchmark runs; the modules are
# built in the same reactor (-am), so nothing is installed into the shared local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -pl app -am test -Dgroups=bench -DexcludedGroups=none -Dtest=HealthSweepBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep -vE "^\[INFO\] (---|Download|Copying)"
