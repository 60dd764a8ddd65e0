/**
 * Implementation of the audit, the teardown planner and the Iron-Law gated execution; use
 * {@link dev.remotegpu.core.teardown.TeardownPlanner} instead. Never null across these classes either.
 */
package dev.remotegpu.core.teardown.internal;
