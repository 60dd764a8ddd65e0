#!/usr/bin/env bash
# What SHA-256 while receiving costs on a loopback pull and where the CPU goes: the SDK's raw SFTP copy from a
# private OpenSSH sshd without hashing, hashing between reads on the copying thread (the sync engine until
# 2026-11-30), and hashing on a thread of its own (as the engine does now), interleaved, medians of wall time and of
# CPU seconds per thread group, how busy each copy keeps the cores. source=local reads the file from the page cache
# instead of over SFTP (a source that keeps up). Builds like run-sync-benchmark.sh.
# Usage: examples/bench/run-verify-cost.sh [fileMiB=1024] [rounds=5] [modes=NONE,INLINE,HAND_OFF] [source=sftp]
#        [work=DIR: where the file and the copies go; /dev/shm/DIR keeps the disk out of the figures]
BENCH_MAIN=dev.remotegpu.examples.bench.VerifyCost exec "$(dirname "$0")/run-sync-benchmark.sh" "$@"
