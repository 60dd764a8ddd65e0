package dev.remotegpu.examples.architecture.bites.unit;

import dev.remotegpu.examples.architecture.bites.unit.internal.Impl;

/** An API type that creates its internal implementation: one unit with it, so no cycle. */
public interface Api {
  /** The implementation. */
  static Api create() {
    return new Impl();
  }
}
