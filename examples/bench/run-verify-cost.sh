#!/usr/bin/env bash
# What SHA-256 while receiving costs on a loopback pull and where the CPU goes: the SDK's raw SFTP copy from a
# private OpenSSH sshd without hashing, hashing inline as the sync engine does, and hashing on a second thread
# (tried, not adopted), interleaved, medians of wall time and of CPU seconds per thread group. Builds like
# run-sync-benchmark.sh.
# Usage: examples/bench/run-verify-cost.sh [fileMiB=1024] [rounds=5]
BENCH_MAIN=dev.remotegpu.examples.bench.VerifyCost exec "$(dirname "$0")/run-sync-benchmark.sh" "$@"
