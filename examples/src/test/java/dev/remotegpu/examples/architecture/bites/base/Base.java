package dev.remotegpu.examples.architecture.bites.base;

import dev.remotegpu.examples.architecture.bites.base.upper.Upper;

/** A base-package type that depends upward: the rule must report it. */
public final class Base {
  private Base() {}

  /** Reaches the upper layer. */
  public static Upper upper() {
    return new Upper();
  }
}
