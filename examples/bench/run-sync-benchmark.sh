#!/usr/bin/env bash
# Builds the examples module (and what it needs), then runs the checkpoint sync benchmark against a private
# OpenSSH sshd on 127.0.0.1, on loopback and through emulated links (EmulatedLink: 20 and 80 ms at 1 Gbit/s by
# default): SDK vs scp, scp -c aes128-gcm, sftp -R 64, rsync -a, interleaved, medians; prints a markdown table.
# Usage: examples/bench/run-sync-benchmark.sh [key=value ...]
#   rounds=3 rttMs=0,20,80 rate=125000000 fileMiB=1024,1024,1024 treeFiles=200,200,200 push=file (file,tree | none)
#   slowFromMs=50 slowRounds=1 (OpenSSH's window-bound tools run 1 round on links of 50 ms or more; 3: every round)
#   dry=false (true: print the plan and its estimated wall time, run nothing) work=examples/target
# Defaults: about 19 minutes on the idle 2-core machine (dry=true prints the estimate). Needs sshd, scp, sftp,
# rsync and about 6 GiB free.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -pl examples -am -Dmaven.test.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="examples/target/classes:$(cat examples/target/bench-classpath.txt)"
exec java ${BENCH_JAVA_OPTS:-} -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "${BENCH_MAIN:-dev.remotegpu.examples.bench.SyncBenchmark}" work=examples/target "$@"
