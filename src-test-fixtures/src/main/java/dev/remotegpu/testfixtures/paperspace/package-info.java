/**
 * A stateful simulator of the Paperspace public REST API (v1) on 127.0.0.1, with an in-memory account, timed
 * machine lifecycle on a controllable clock, a billing meter and scripted faults, for tests of API clients.
 *
 * <p>Nothing in this package accepts or returns {@code null}: absent values are {@link java.util.Optional},
 * collections are empty, never null.
 */
package dev.remotegpu.testfixtures.paperspace;
