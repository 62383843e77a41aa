#!/usr/bin/env bash
# The usage-drop detector over a labeled synthetic portfolio (DetectionQualityBenchmark): 500
# customers judged day by day from June to mid-December on a real embedded PostgreSQL, with the
# real rollups, UsageStore.scanDrops and DropClassifier, and the 7-day cooldown. Prints recall
# (a real drop alerted on within 7 days of its start), false alerts per 100 customer-months and
# the median delay, for an installation with no holidays configured and one with Thanksgiving in
# VIGIL_HOLIDAYS, and fails when they are worse than recorded in
# activities/src/test/resources/io/vigil/activities/detection/detection-quality.properties.
#   bench/detection-quality.sh                               the full benchmark
#   bench/detection-quality.sh -Dvigil.bench.customers=300   a quick run (checked against "custom")
# Extra arguments go to Maven. Nothing is installed into the shared local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -pl activities -am test -Dgroups=bench -DexcludedGroups=none -Dtest=DetectionQualityBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep -vE "^\[INFO\] (---|Download|Copying)"
