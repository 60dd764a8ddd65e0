/**
 * The priced audit of everything that bills and the teardown plan gated by the Iron Law: start from
 * {@link dev.remotegpu.core.teardown.TeardownPlanner#plan}, or {@link dev.remotegpu.core.teardown.Audit#of}
 * for the audit alone.
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional},
 * collections are empty, and arguments are checked with
 * {@link java.util.Objects#requireNonNull(Object, String)} naming the argument.
 */
package dev.remotegpu.core.teardown;
