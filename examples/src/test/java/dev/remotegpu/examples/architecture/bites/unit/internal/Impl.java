package dev.remotegpu.examples.architecture.bites.unit.internal;

import dev.remotegpu.examples.architecture.bites.unit.Api;

/** The internal implementation of {@link Api}. */
public final class Impl implements Api {
}
