package dev.remotegpu.core.teardown;

/**
 * An ordered list of steps that stop what bills, each gated by the Iron Law when it is irreversible.
 */
public interface TeardownPlan {
}
