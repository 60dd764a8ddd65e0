package dev.remotegpu.examples.architecture.bites.base.upper;

/** A type in a layer above the base. */
public final class Upper {
}
