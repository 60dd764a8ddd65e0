/**
 * Checkpoint bundles that survive the machine: manifests in the remote-gpu-trainer skill's formats
 * ({@code PULL_MANIFEST.json}, {@code PULL_VERIFIED.json}), stores of published checkpoints, incremental and
 * resumable sync with atomic publish, verification by size, SHA-256 and load, and the Young/Daly cadence.
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional},
 * collections are empty, and arguments are checked with
 * {@link java.util.Objects#requireNonNull(Object, String)} naming the argument.
 */
package dev.remotegpu.core.checkpoint;
