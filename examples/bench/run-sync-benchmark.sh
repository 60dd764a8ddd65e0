#!/usr/bin/env bash
# Builds the examples module (and what it needs), then runs the checkpoint sync benchmark against a
# private OpenSSH sshd on 127.0.0.1: SDK vs scp / rsync / sha256sum, interleaved, 3 rounds, medians.
# Usage: examples/bench/run-sync-benchmark.sh [rounds]   (needs sshd, scp, rsync, sha256sum; ~5 GiB free)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-3}"
mvn -q -B -pl examples -am -Dmaven.test.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="examples/target/classes:$(cat examples/target/bench-classpath.txt)"
exec java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.remotegpu.examples.bench.SyncBenchmark "examples/target" "$rounds"
