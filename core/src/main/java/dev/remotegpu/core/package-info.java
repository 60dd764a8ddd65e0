/**
 * The platform-neutral model of remotegpu: rent a GPU machine, run a detached job on it, keep its
 * checkpoints, and tear it down without surprise bills. Start from {@link dev.remotegpu.core.platform.Platform}.
 *
 * <p>Nothing in this package or its sub-packages returns or accepts {@code null}: absent values are
 * {@link java.util.Optional}, collections are empty, and arguments are checked with
 * {@link java.util.Objects#requireNonNull(Object, String)} naming the argument.
 */
package dev.remotegpu.core;
