#!/usr/bin/env bash
# The adoption detector of the daily sweep over 100,000 customers in an embedded PostgreSQL: the
# adoption rollup of the sweep's two days from 15 days of usage events, and the day's stalled
# features, each against its floor measured in the same run (a bare scan of the same events, of the
# same day's adoption rows); a warm-up and 5 timed runs.
#   bench/adoption-stalls.sh                               the full benchmark
#   bench/adoption-stalls.sh -Dvigil.bench.customers=5000  a quick run on less data
#   bench/adoption-stalls.sh -Dvigil.bench.explain-to=DIR  every statement's plan as run, logged in DIR
# Extra arguments go to Maven. Only the `bench`-tagged AdoptionStallBenchmark runs; the modules are
# built in the same reactor (-am), so nothing is installed into the shared local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -pl app -am test -Dgroups=bench -DexcludedGroups=none -Dtest=AdoptionStallBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep -vE "^\[INFO\] (---|Download|Copying)"
