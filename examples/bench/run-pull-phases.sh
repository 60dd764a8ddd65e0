#!/usr/bin/env bash
# Builds the examples module, then times the phases of one SDK pull through an emulated link (connect, every
# remote store call, first and last byte of each file) and reads the file as ranges over 1, 2 and 4 SFTP
# channels (connections=true: over as many SSH connections) to see whether more streams help.
# Usage: examples/bench/run-pull-phases.sh [rttMs=80] [rate=125000000] [fileMiB=64] [pulls=2] [connections=false]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -pl examples -am -Dmaven.test.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="examples/target/classes:$(cat examples/target/bench-classpath.txt)"
exec java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.remotegpu.examples.bench.PullPhases work=examples/target "$@"
