/**
 * A platform's operating facts as queryable data (survival matrix, billing, auto-shutdown clocks,
 * gotchas) and the {@link dev.remotegpu.core.profile.Check}s that turn observations into findings.
 * Nothing in this package returns or accepts {@code null}: absent values are
 * {@link java.util.Optional}, collections are empty.
 */
package dev.remotegpu.core.profile;
