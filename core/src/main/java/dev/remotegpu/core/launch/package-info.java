/**
 * Launching with retry until capacity: ordered candidates, backoff with jitter and a deadline, progress
 * events, and the launch ledger that keeps one launch from ever creating a second machine.
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional}
 * and collections are empty.
 */
package dev.remotegpu.core.launch;
