#!/usr/bin/env bash
# Times the phases of one SDK pull through an emulated link (connect, every remote store call, first and last
# byte of each file), then reads the file as ranges over 1, 2 and 4 SFTP channels (connections=true: over as many
# SSH connections) to see whether more streams help. Builds like run-sync-benchmark.sh.
# Usage: examples/bench/run-pull-phases.sh [rttMs=80] [rate=125000000] [fileMiB=64] [pulls=2] [connections=false]
#   [pushFiles=0 (N: also push N x 64 KiB files, each store call counted in round trips)] [each=false (print every call)]
BENCH_MAIN=dev.remotegpu.examples.bench.PullPhases exec "$(dirname "$0")/run-sync-benchmark.sh" "$@"
